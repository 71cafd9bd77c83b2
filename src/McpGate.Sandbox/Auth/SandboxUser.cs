namespace McpGate.Sandbox.Auth;

/// <summary>An authenticated identity and the one role it is bound to.</summary>
internal sealed record SandboxUser(string Name, IReadOnlyList<string> Groups, SandboxRole Role)
{
    public const string AdminName = "sandbox-admin";
}
