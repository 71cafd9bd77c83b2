namespace McpGate.Core.Policy;

public enum PolicyEffect
{
    Allow,
    Deny,
}
