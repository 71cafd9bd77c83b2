namespace McpGate.Core.Manifests;

/// <summary>
/// A tool call's arguments broke the manifest's rules. Each entry of <see cref="Errors"/>
/// names the field and the rule, e.g. <c>replicas: must be at most 100 (got 500)</c>.
/// </summary>
public sealed class ArgumentValidationException : Exception
{
    public ArgumentValidationException()
        : this(string.Empty, [])
    {
    }

    public ArgumentValidationException(string message)
        : base(message)
    {
        Tool = string.Empty;
        Errors = [message];
    }

    public ArgumentValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Tool = string.Empty;
        Errors = [message];
    }

    public ArgumentValidationException(string tool, IReadOnlyList<string> errors)
        : base($"Invalid arguments for {tool}: {string.Join("; ", errors)}. Fix them and call the tool again.")
    {
        Tool = tool;
        Errors = errors;
    }

    public string Tool { get; }

    public IReadOnlyList<string> Errors { get; }
}
