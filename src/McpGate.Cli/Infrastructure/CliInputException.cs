namespace McpGate.Cli.Infrastructure;

/// <summary>Bad input from the operator: printed as one clear line, exit code 2.</summary>
internal sealed class CliInputException : Exception
{
    public CliInputException()
    {
    }

    public CliInputException(string message)
        : base(message)
    {
    }

    public CliInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
