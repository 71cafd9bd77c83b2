using McpGate.Core.Text;

namespace McpGate.Server.Notifications;

/// <summary>Failure text as stored and logged: one line, at most 300 characters, control characters escaped, and given strings (a webhook's path) cut out.</summary>
internal static class ErrorText
{
    public const int MaxLength = 300;

    public static string Clean(string text, params string?[] hidden)
    {
        foreach (var secret in hidden)
        {
            if (!string.IsNullOrEmpty(secret) && secret.Length > 1)
            {
                text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
            }
        }

        var line = text.ReplaceLineEndings(" ").Trim();
        line = UntrustedText.Escape(line);
        return line.Length <= MaxLength ? line : string.Concat(line.AsSpan(0, MaxLength - 3), "...");
    }
}
