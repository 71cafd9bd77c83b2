namespace McpGate.Core.Policy;

/// <summary>One policy file as the loader read it: its name (the file name without <c>.yaml</c> / <c>.yml</c>) and its text.</summary>
public sealed record PolicySource(string Name, string Text)
{
    public static string NameOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = Path.GetFileName(path);
        return file.EndsWith(".yaml", StringComparison.Ordinal) ? file[..^5]
            : file.EndsWith(".yml", StringComparison.Ordinal) ? file[..^4]
            : file;
    }
}
