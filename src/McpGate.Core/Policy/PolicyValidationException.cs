namespace McpGate.Core.Policy;

/// <summary>Policy files failed to load; <see cref="Errors"/> lists every problem as <c>file:line:column: field: reason</c>.</summary>
public sealed class PolicyValidationException : Exception
{
    public PolicyValidationException()
        : this([])
    {
    }

    public PolicyValidationException(string message)
        : base(message)
    {
        Errors = [message];
    }

    public PolicyValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public PolicyValidationException(IReadOnlyList<string> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }

    private static string FormatMessage(IReadOnlyList<string> errors) =>
        $"Policy is invalid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):"
        + string.Concat(errors.Select(e => Environment.NewLine + "  " + e));
}
