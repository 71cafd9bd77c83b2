using System.Text;

namespace McpGate.Core.Notifications;

/// <summary>
/// Reads a webhook's HMAC key from where <c>notifiers.yaml</c> says it is. Messages name the
/// variable or the file, never the key.
/// </summary>
public static class NotifierSecret
{
    /// <summary>Shortest key accepted: 16 bytes, so that a typo or a placeholder is not taken for a key.</summary>
    public const int MinimumBytes = 16;

    /// <summary>The key's bytes (UTF-8 of the text, one trailing newline removed); null for a command notifier.</summary>
    /// <exception cref="InvalidDataException">The variable is unset, the file unreadable, or the key too short; the message says which.</exception>
    public static byte[]? Read(NotifierDefinition notifier, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(environment);
        string? text;
        string where;
        if (notifier.SecretEnv is { } variable)
        {
            where = $"environment variable {variable}";
            text = environment(variable);
            if (string.IsNullOrEmpty(text))
            {
                throw new InvalidDataException($"notifier '{notifier.Name}' ({notifier.Location}): secretEnv: {where} is not set; set it to the webhook's HMAC key before starting the gate");
            }
        }
        else if (notifier.SecretFile is { } file)
        {
            where = $"file {file}";
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidDataException($"notifier '{notifier.Name}' ({notifier.Location}): secretFile: cannot read {file}: {ex.Message}", ex);
            }
        }
        else
        {
            return null;
        }

        text = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        var bytes = Encoding.UTF8.GetBytes(text);
        return bytes.Length < MinimumBytes
            ? throw new InvalidDataException($"notifier '{notifier.Name}' ({notifier.Location}): the HMAC key in {where} is {bytes.Length} bytes; it must be at least {MinimumBytes} (e.g. 'openssl rand -hex 32')")
            : bytes;
    }
}
