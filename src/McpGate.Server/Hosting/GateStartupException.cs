namespace McpGate.Server.Hosting;

/// <summary>The gate cannot start: bad manifests, policy, keys or data directory. The message lists every problem.</summary>
public sealed class GateStartupException : Exception
{
    public GateStartupException()
    {
    }

    public GateStartupException(string message)
        : base(message)
    {
    }

    public GateStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
