namespace McpGate.Core.Manifests;

/// <summary>Tool manifests failed to load; <see cref="Errors"/> lists every problem as <c>file:line:column: field: reason</c>.</summary>
public sealed class ManifestValidationException : Exception
{
    public ManifestValidationException()
        : this([])
    {
    }

    public ManifestValidationException(string message)
        : base(message)
    {
        Errors = [message];
    }

    public ManifestValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public ManifestValidationException(IReadOnlyList<string> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }

    private static string FormatMessage(IReadOnlyList<string> errors) =>
        $"Tool manifests are invalid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):"
        + string.Concat(errors.Select(e => Environment.NewLine + "  " + e));
}
