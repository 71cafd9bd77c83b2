namespace McpGate.Sandbox;

/// <summary>A scenario file could not be loaded; the message starts with file:line.</summary>
public sealed class SandboxScenarioException : Exception
{
    public SandboxScenarioException()
    {
    }

    public SandboxScenarioException(string message)
        : base(message)
    {
    }

    public SandboxScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
