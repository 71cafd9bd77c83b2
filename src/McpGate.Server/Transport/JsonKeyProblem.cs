namespace McpGate.Server.Transport;

/// <summary>What <see cref="JsonKeyScan"/> found wrong: bad syntax, or a key given twice in one object.</summary>
internal sealed record JsonKeyProblem
{
    public required bool IsSyntax { get; init; }

    /// <summary>Where the duplicate is, as a dotted path from the message root ("params.arguments"); empty for the root.</summary>
    public string Path { get; init; } = string.Empty;

    public required string Message { get; init; }

    public static JsonKeyProblem Syntax(string message) => new() { IsSyntax = true, Message = message };

    public static JsonKeyProblem Duplicate(string path, string first, string second)
    {
        var where = path.Length == 0 ? "the message" : $"'{path}'";
        var message = string.Equals(first, second, StringComparison.Ordinal)
            ? $"duplicate key '{Shown(first)}' in {where}"
            : $"duplicate key in {where}: '{Shown(first)}' and '{Shown(second)}' differ only by case";
        return new JsonKeyProblem { IsSyntax = false, Path = path, Message = message };
    }

    private static string Shown(string key) => ControlText.Escape(key.Length > 64 ? key[..64] + "..." : key);
}
