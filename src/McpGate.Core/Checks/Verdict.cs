using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Json;
using McpGate.Core.Text;

namespace McpGate.Core.Checks;

/// <summary>Builds a check's record: status, one-line detail and the digest of the evidence it looked at.</summary>
internal static class Verdict
{
    /// <summary>Longest piece of cluster text quoted in a detail (annotation values can be 256 KiB).</summary>
    public const int MaxQuoted = 80;

    /// <summary>How many names a detail lists before saying "and N more".</summary>
    public const int MaxListed = 5;

    public static CheckRecord Pass(string name, string detail, JsonNode? evidence) => Record(name, CheckStatus.Pass, detail, evidence);

    public static CheckRecord Warn(string name, string detail, JsonNode? evidence) => Record(name, CheckStatus.Warn, detail, evidence);

    public static CheckRecord Fail(string name, string detail, JsonNode? evidence) => Record(name, CheckStatus.Fail, detail, evidence);

    /// <summary><c>sha256:</c> of the canonical JSON of what the check looked at.</summary>
    public static string Digest(JsonNode? evidence) => Sha256Digest.Compute(CanonicalJson.Serialize(evidence)).ToString();

    /// <summary>Text from the cluster or the agent, quoted with unsafe characters made visible, and cut at <see cref="MaxQuoted"/>.</summary>
    public static string Quote(string? text) =>
        UntrustedText.Quote(text is { Length: > MaxQuoted } ? text[..MaxQuoted] + "..." : text);

    /// <summary>Quoted items, comma-separated, the first <see cref="MaxListed"/> only.</summary>
    public static string List(IReadOnlyCollection<string> items) =>
        string.Join(", ", items.Take(MaxListed).Select(Quote)) + (items.Count > MaxListed ? $" and {items.Count - MaxListed} more" : string.Empty);

    private static CheckRecord Record(string name, CheckStatus status, string detail, JsonNode? evidence) => new()
    {
        Name = name,
        Status = status,
        Detail = detail,
        EvidenceDigest = Digest(evidence),
    };
}
