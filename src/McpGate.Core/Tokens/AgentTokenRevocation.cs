using McpGate.Core.Policy;

namespace McpGate.Core.Tokens;

/// <summary>
/// Removes entries from <c>tokens.yaml</c> by deleting their lines, so comments and the other
/// entries stay as the operator wrote them. The result is parsed again before it replaces the file
/// (atomically, by rename): it must hold exactly the other tokens, or nothing is written.
/// </summary>
public static class AgentTokenRevocation
{
    /// <exception cref="PolicyValidationException">The file changed meanwhile, or the entries share lines with others (e.g. a one-line flow list); nothing was written.</exception>
    public static void Remove(string path, string originalText, IReadOnlyCollection<AgentTokenEntry> remove)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(originalText);
        ArgumentNullException.ThrowIfNull(remove);
        var before = AgentTokenFile.Parse(path, originalText);
        var removedHashes = remove.Select(e => e.Token.Sha256).ToHashSet(StringComparer.Ordinal);
        var kept = before.Entries.Where(e => !removedHashes.Contains(e.Token.Sha256)).ToList();
        var shared = remove.Any(r => kept.Any(k => k.FirstLine <= r.LastLine && r.FirstLine <= k.LastLine));
        var lines = originalText.Split('\n');
        var text = string.Join('\n', lines.Where((_, i) => !remove.Any(r => i + 1 >= r.FirstLine && i + 1 <= r.LastLine)));
        if (shared || !AgentTokenFile.Parse(path, text).Entries.Select(Key).SequenceEqual(kept.Select(Key)))
        {
            throw new PolicyValidationException($"{path}: the token's lines cannot be removed without touching other entries; remove its entry by hand (one entry per line, as 'mcpgate tokens create' prints it, can always be revoked)");
        }

        if (!string.Equals(File.ReadAllText(path), originalText, StringComparison.Ordinal))
        {
            throw new PolicyValidationException($"{path}: the file changed while it was being edited; nothing was written, run the command again");
        }

        var temporary = path + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(temporary, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static string Key(AgentTokenEntry entry) =>
        $"{entry.Token.Sha256} {entry.Token.Identity} {string.Join(',', entry.Token.Groups)}";
}
