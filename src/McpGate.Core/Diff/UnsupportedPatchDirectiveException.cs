namespace McpGate.Core.Diff;

/// <summary>
/// An applied object or patch holds a strategic-merge directive whose effect cannot be checked
/// field by field (<c>$patch: replace</c>, an unknown <c>$patch</c> value, a malformed directive).
/// The message names the path and the directive.
/// </summary>
public sealed class UnsupportedPatchDirectiveException : ArgumentException
{
    public UnsupportedPatchDirectiveException()
    {
    }

    public UnsupportedPatchDirectiveException(string message)
        : base(message)
    {
    }

    public UnsupportedPatchDirectiveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static UnsupportedPatchDirectiveException At(string path, string problem) =>
        new($"{(path.Length == 0 ? "(the object)" : path)}: {problem}");
}
