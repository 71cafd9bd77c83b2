using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Core.Engine;

/// <summary>
/// How a verdict is written down: the ledger entry of verified / verification_failed carries the
/// probe's whole evidence; the change's outcome one line with the first few facts.
/// </summary>
internal static class VerificationRecord
{
    /// <summary>At most this many facts go into the outcome line; the ledger has them all.</summary>
    private const int OutcomeFacts = 4;

    public static string Outcome(string expect, TimeSpan timeout, ProbeResult last)
    {
        var verdict = last.Status switch
        {
            ProbeStatus.Done => $"verified: {last.Detail}",
            ProbeStatus.Failed => $"verification failed: {last.Detail}",
            _ => $"verification failed: {expect} not reached within {Seconds(timeout)}s ({last.Detail})",
        };
        var facts = last.Evidence.Take(OutcomeFacts).Select(f => $"{f.Name} {f.Value}");
        var more = last.Evidence.Count > OutcomeFacts ? $", +{last.Evidence.Count - OutcomeFacts} more in the ledger" : string.Empty;
        return last.Evidence.Count == 0
            ? $"{verdict} [confidence {last.Confidence.ToWire()}]"
            : $"{verdict} [confidence {last.Confidence.ToWire()}; {string.Join(", ", facts)}{more}]";
    }

    public static JsonObject Payload(string expect, TimeSpan timeout, ProbeResult last)
    {
        var payload = new JsonObject
        {
            ["expect"] = expect,
            ["detail"] = last.Detail,
            ["confidence"] = last.Confidence.ToWire(),
            ["evidence"] = new JsonArray([.. last.Evidence.Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["value"] = f.Value })]),
        };
        if (last.Status == ProbeStatus.Progressing)
        {
            payload["timedOut"] = $"{expect} not reached within {Seconds(timeout)}s; the last look is recorded";
        }

        return payload;
    }

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
