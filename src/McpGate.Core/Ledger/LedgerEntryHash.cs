using System.Globalization;
using System.Text;
using McpGate.Core.Crypto;
using McpGate.Core.Json;

namespace McpGate.Core.Ledger;

/// <summary>
/// Computes a ledger entry's hash. This is the normative definition of the chain.
/// </summary>
/// <remarks>
/// <para><c>entry_hash = SHA-256(UTF-8(JCS(E)))</c>, where JCS is RFC 8785 (see
/// <see cref="CanonicalJson"/>) and E is the JSON object with exactly these six members:</para>
/// <list type="table">
/// <item><term><c>changeId</c></term><description>the change id, a string.</description></item>
/// <item><term><c>eventType</c></term><description>the event type, a string.</description></item>
/// <item><term><c>payload</c></term><description>the payload as a JSON value (embedded, not a
/// string holding JSON). The <c>payload</c> column stores exactly JCS(payload).</description></item>
/// <item><term><c>prevHash</c></term><description>the string <c>"sha256:"</c> followed by the
/// 64 lower-case hex digits of the previous entry's entry_hash; for the first entry, of
/// SHA-256 of the empty string:
/// <c>sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855</c>.</description></item>
/// <item><term><c>sequence</c></term><description>the entry's sequence number, an integer:
/// 1 for the first entry, then consecutive with no gaps.</description></item>
/// <item><term><c>time</c></term><description>the string stored in the <c>time</c> column:
/// RFC 3339 in UTC with exactly three fractional digits and a <c>Z</c>, e.g.
/// <c>"2026-01-02T03:04:05.678Z"</c>.</description></item>
/// </list>
/// <para>Because the member names are already in JCS order, JCS(E) reads
/// <c>{"changeId":…,"eventType":…,"payload":…,"prevHash":"sha256:…","sequence":N,"time":"…"}</c>
/// with no whitespace. The <c>prev_hash</c> and <c>entry_hash</c> columns store digests as
/// <c>sha256:&lt;hex&gt;</c>.</para>
/// <para>An entry is intact when its entry_hash equals this recomputation and its prev_hash
/// equals the entry_hash of the entry with the previous sequence number. The chain detects
/// edits, insertions and deletions inside the history; removing entries from the end is
/// detected only against a signed checkpoint of the Merkle tree over the entries.</para>
/// </remarks>
internal static class LedgerEntryHash
{
    /// <summary>SHA-256 of the empty string: the first entry's prevHash.</summary>
    public static Sha256Digest Genesis { get; } = Sha256Digest.Compute([]);

    /// <param name="canonicalPayloadJson">The payload, already in JCS form (the ledger refuses any other).</param>
    /// <remarks>
    /// JCS(E) is written directly rather than built as a JSON tree and canonicalized: the member
    /// names are in JCS order, the payload is already canonical, and the strings are escaped by
    /// the same <see cref="JcsString"/> the canonicalizer uses. The bytes are the same
    /// (LedgerEntryHashTests compares both on every kind of payload); verification is several
    /// times faster, as the payload is not parsed a second time.
    /// </remarks>
    public static Sha256Digest Compute(
        long sequence,
        string changeId,
        string eventType,
        string canonicalPayloadJson,
        string timeText,
        Sha256Digest previousHash)
    {
        var builder = new StringBuilder(canonicalPayloadJson.Length + changeId.Length + eventType.Length + 160);
        builder.Append("{\"changeId\":");
        JcsString.Append(builder, changeId);
        builder.Append(",\"eventType\":");
        JcsString.Append(builder, eventType);
        builder.Append(",\"payload\":").Append(canonicalPayloadJson);
        builder.Append(",\"prevHash\":\"").Append(previousHash.ToString());
        builder.Append("\",\"sequence\":").Append(sequence.ToString(CultureInfo.InvariantCulture));
        builder.Append(",\"time\":");
        JcsString.Append(builder, timeText);
        builder.Append('}');
        return Sha256Digest.Compute(s_utf8.GetBytes(builder.ToString()));
    }

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
