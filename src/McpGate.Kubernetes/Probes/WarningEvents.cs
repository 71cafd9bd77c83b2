using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Probes;

/// <summary>
/// The most recent Warning events about a set of objects (a workload, its ReplicaSet, its pods), as
/// <c>kubectl describe</c> shows them: <c>Kind/name Reason: message (xN)</c>.
/// </summary>
internal static class WarningEvents
{
    public const int Shown = 5;

    private static readonly ResourceRef s_events = new() { Group = string.Empty, Version = "v1", Resource = "events" };

    /// <summary>
    /// Reads the namespace's events and keeps the Warnings about <paramref name="uids"/>; a failed read
    /// adds nothing (events are evidence, never the verdict).
    /// </summary>
    public static async Task AddAsync(IClusterPort cluster, string? ns, IReadOnlyCollection<string> uids, List<ProbeFact> facts, CancellationToken cancellationToken)
    {
        JsonObject list;
        try
        {
            list = await cluster.ListAsync(s_events with { Namespace = ns ?? "default" }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException)
        {
            return;
        }

        var wanted = uids.ToHashSet(StringComparer.Ordinal);
        var warnings = ObjectFields.Items(list)
            .Where(e => ObjectFields.String(e["type"]) == "Warning" && wanted.Contains(ObjectFields.String(e["involvedObject"]?["uid"]) ?? string.Empty))
            .OrderByDescending(e => ObjectFields.String(e["lastTimestamp"]) ?? ObjectFields.String(e["eventTime"]) ?? string.Empty, StringComparer.Ordinal)
            .Take(Shown)
            .Select(Describe)
            .ToList();
        if (warnings.Count > 0)
        {
            facts.Add(new ProbeFact("warningEvents", string.Join("; ", warnings)));
        }
    }

    private static string Describe(JsonObject e)
    {
        var involved = e["involvedObject"];
        var count = ObjectFields.Long(e["count"]);
        return $"{ObjectFields.String(involved?["kind"])}/{ObjectFields.String(involved?["name"])} {ObjectFields.String(e["reason"])}: {ObjectFields.String(e["message"])}"
            + (count > 1 ? $" (x{count})" : string.Empty);
    }
}
