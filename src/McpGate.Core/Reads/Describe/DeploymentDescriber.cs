using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads.Describe;

/// <summary>
/// A deployment: replicas, strategy, selector, images and conditions; its ReplicaSets (the current one
/// and the old ones, with their replicas); and its pods' statuses, counted, with the pods that are not ready.
/// </summary>
public sealed class DeploymentDescriber : IObjectDescriber
{
    private const string Revision = "deployment.kubernetes.io/revision";
    private static readonly string[] s_replicaSetColumns = ["REPLICASET", "REVISION", "DESIRED", "CURRENT", "READY", "AGE", "STATE"];
    private static readonly string[] s_podColumns = ["POD", "STATUS", "READY", "RESTARTS", "NODE", "AGE"];

    /// <summary>Pods not ready shown one per line; the rest are counted.</summary>
    private const int MaxUnreadyPods = 10;

    public async Task<IReadOnlyList<DescribeSection>> DescribeAsync(JsonObject obj, ReadTarget target, ReadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(context);
        var now = context.Time.GetUtcNow();
        var spec = obj["spec"];
        var status = obj["status"];
        var selector = LabelSelectors.Query(spec?["selector"]);
        var facts = new StringBuilder();
        facts.Append(CultureInfo.InvariantCulture,
            $"Replicas:     {ObjectFields.Number(spec?["replicas"]) ?? 1} desired | {ObjectFields.Number(status?["updatedReplicas"]) ?? 0} updated | {ObjectFields.Number(status?["replicas"]) ?? 0} total | {ObjectFields.Number(status?["availableReplicas"]) ?? 0} available | {ObjectFields.Number(status?["unavailableReplicas"]) ?? 0} unavailable\n");
        facts.Append("Strategy:     ").Append(Strategy(spec?["strategy"])).Append('\n');
        facts.Append("Selector:     ").Append(selector ?? "<none>").Append('\n');
        if (ObjectFields.Flag(spec?["paused"]) == true)
        {
            facts.Append("Paused:       true\n");
        }

        var images = ObjectFields.Objects(spec?["template"]?["spec"]?["containers"]).Select(c => $"{ObjectFields.Text(c["name"])}={ObjectFields.Text(c["image"])}");
        facts.Append("Images:       ").Append(string.Join(", ", images)).Append('\n');
        foreach (var condition in ObjectFields.Objects(status?["conditions"]))
        {
            facts.Append(CultureInfo.InvariantCulture, $"Condition:    {ObjectFields.Text(condition["type"])}={ObjectFields.Text(condition["status"])} {ObjectFields.Text(condition["reason"])}: {Redaction.Text(ObjectFields.Text(condition["message"]) ?? string.Empty)}\n");
        }

        var sections = new List<DescribeSection> { new(string.Empty, facts.ToString(), ResourceViews.For(target.Ref).Detail(obj, now)) };
        if (selector is null)
        {
            return sections;
        }

        var ns = ObjectFields.Namespace(obj);
        var uid = ObjectFields.Text(obj["metadata"]?["uid"]);
        var replicaSets = await ListAsync(context.Cluster, "apps", "replicasets", ns, selector, cancellationToken).ConfigureAwait(false);
        var owned = replicaSets
            .Where(rs => uid is null || ObjectFields.Objects(rs["metadata"]?["ownerReferences"]).Any(o => ObjectFields.Text(o["uid"]) == uid))
            .OrderByDescending(rs => RevisionOf(rs))
            .ToList();
        var current = ObjectFields.Text(obj["metadata"]?["annotations"]?[Revision]) is { } revision
            ? owned.FirstOrDefault(rs => RevisionOf(rs).ToString(CultureInfo.InvariantCulture) == revision)
            : owned.FirstOrDefault();
        sections.Add(new DescribeSection(
            "ReplicaSets",
            owned.Count == 0 ? "<none>\n" : TextTable.Render(s_replicaSetColumns, [.. owned.Select(rs => (IReadOnlyList<string>)
            [
                ObjectFields.Name(rs),
                RevisionOf(rs).ToString(CultureInfo.InvariantCulture),
                (ObjectFields.Number(rs["spec"]?["replicas"]) ?? 0).ToString(CultureInfo.InvariantCulture),
                (ObjectFields.Number(rs["status"]?["replicas"]) ?? 0).ToString(CultureInfo.InvariantCulture),
                (ObjectFields.Number(rs["status"]?["readyReplicas"]) ?? 0).ToString(CultureInfo.InvariantCulture),
                Ages.Since(rs["metadata"]?["creationTimestamp"], now),
                ReferenceEquals(rs, current) ? "current" : "old",
            ])]),
            new JsonArray([.. owned.Select(rs => (JsonNode)new JsonObject
            {
                ["name"] = ObjectFields.Name(rs),
                ["revision"] = RevisionOf(rs),
                ["current"] = ReferenceEquals(rs, current),
                ["replicas"] = ObjectFields.Number(rs["spec"]?["replicas"]) ?? 0,
                ["currentReplicas"] = ObjectFields.Number(rs["status"]?["replicas"]) ?? 0,
                ["readyReplicas"] = ObjectFields.Number(rs["status"]?["readyReplicas"]) ?? 0,
                ["images"] = new JsonArray([.. ObjectFields.Objects(rs["spec"]?["template"]?["spec"]?["containers"]).Select(c => c["image"]?.DeepClone())]),
            })])));

        var ownedNames = owned.Select(rs => ObjectFields.Text(rs["metadata"]?["uid"])).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var pods = (await ListAsync(context.Cluster, string.Empty, "pods", ns, selector, cancellationToken).ConfigureAwait(false))
            .Where(p => ownedNames.Count == 0 || ObjectFields.Objects(p["metadata"]?["ownerReferences"]).Any(o => ownedNames.Contains(ObjectFields.Text(o["uid"]) ?? string.Empty)))
            .ToList();
        sections.Add(PodsSection(pods, now));
        return sections;
    }

    private static DescribeSection PodsSection(List<JsonObject> pods, DateTimeOffset now)
    {
        var byStatus = pods.GroupBy(PodStates.Status).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var ready = pods.Count(PodStates.AllReady);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{pods.Count} pods, {ready} ready: {(byStatus.Count == 0 ? "none" : string.Join(", ", byStatus.Select(g => $"{g.Count()} {g.Key}")))}\n");
        var unready = pods.Where(p => !PodStates.AllReady(p)).ToList();
        if (unready.Count > 0)
        {
            text.Append(TextTable.Render(s_podColumns, [.. unready.Take(MaxUnreadyPods).Select(p => (IReadOnlyList<string>)
            [
                ObjectFields.Name(p),
                PodStates.Status(p),
                PodStates.Ready(p),
                PodStates.Restarts(p).ToString(CultureInfo.InvariantCulture),
                ObjectFields.Text(p["spec"]?["nodeName"]) ?? "<none>",
                Ages.Since(p["metadata"]?["creationTimestamp"], now),
            ])]));
            if (unready.Count > MaxUnreadyPods)
            {
                text.Append(CultureInfo.InvariantCulture, $"... {unready.Count - MaxUnreadyPods} more pods not ready; list them with a label selector.\n");
            }
        }

        var data = new JsonObject
        {
            ["total"] = pods.Count,
            ["ready"] = ready,
            ["byStatus"] = new JsonObject([.. byStatus.Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count()))]),
            ["notReady"] = new JsonArray([.. unready.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = ObjectFields.Name(p),
                ["status"] = PodStates.Status(p),
                ["ready"] = PodStates.Ready(p),
                ["restarts"] = PodStates.Restarts(p),
                ["node"] = p["spec"]?["nodeName"]?.DeepClone(),
            })]),
        };
        return new DescribeSection("Pods", text.ToString(), data);
    }

    private static async Task<List<JsonObject>> ListAsync(IClusterReader cluster, string group, string resource, string? ns, string selector, CancellationToken cancellationToken)
    {
        var list = await cluster.ListAsync(
            new ResourceRef { Group = group, Version = "v1", Resource = resource, Namespace = ns },
            new ListQuery { LabelSelector = selector, Limit = ReadLimits.MaxListItems },
            cancellationToken).ConfigureAwait(false);
        return [.. ObjectFields.Objects(list["items"])];
    }

    private static long RevisionOf(JsonObject replicaSet) =>
        long.TryParse(ObjectFields.Text(replicaSet["metadata"]?["annotations"]?[Revision]), NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : 0;

    private static string Strategy(JsonNode? strategy)
    {
        var type = ObjectFields.Text(strategy?["type"]) ?? "RollingUpdate";
        var rolling = strategy?["rollingUpdate"];
        return rolling is null ? type : $"{type} (max surge {rolling["maxSurge"]?.ToJsonString().Trim('"') ?? "25%"}, max unavailable {rolling["maxUnavailable"]?.ToJsonString().Trim('"') ?? "25%"})";
    }
}
