namespace McpGate.Sandbox;

/// <summary>The state file (<see cref="SandboxOptions.StatePath"/>) could not be read; the message names the file.</summary>
public sealed class SandboxStateException : Exception
{
    public SandboxStateException()
    {
    }

    public SandboxStateException(string message)
        : base(message)
    {
    }

    public SandboxStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
