using System.Text.Json.Nodes;

namespace McpGate.Core.Diff;

/// <summary>
/// The lists Kubernetes declares as maps (<c>+listType=map</c> with <c>+listMapKey</c>, the same
/// keys as the strategic-merge <c>patchMergeKey</c>) in the types McpGate writes, taken from
/// <c>k8s.io/api/core/v1/types.go</c> and <c>k8s.io/apimachinery</c>'s <c>ObjectMeta</c>. Every
/// other list is compared by index, which is also right for the lists declared atomic
/// (<c>tolerations</c>, <c>args</c>, <c>command</c>, <c>envFrom</c>, node <c>taints</c>...).
/// </summary>
/// <remarks>
/// A PodSpec is recognised by shape, not by kind: any map holding a <c>containers</c> list. That
/// finds the pod template of every workload kind (Deployment, StatefulSet, DaemonSet, ReplicaSet,
/// Job, CronJob, ReplicationController, PodTemplate, Pod) and of custom resources that embed one.
/// </remarks>
internal static class ListMapKeys
{
    private static readonly ListMapRule s_name = ListMapRule.By("name");

    private static readonly Dictionary<string, ListMapRule> s_podSpec = new(StringComparer.Ordinal)
    {
        ["containers"] = s_name,
        ["initContainers"] = s_name,
        ["ephemeralContainers"] = s_name,
        ["volumes"] = s_name,
        ["imagePullSecrets"] = s_name,
        ["schedulingGates"] = s_name,
        ["resourceClaims"] = s_name,
        ["hostAliases"] = ListMapRule.By("ip"),
        ["topologySpreadConstraints"] = ListMapRule.By("topologyKey", "whenUnsatisfiable"),
    };

    private static readonly Dictionary<string, ListMapRule> s_container = new(StringComparer.Ordinal)
    {
        ["env"] = s_name,
        ["ports"] = ListMapRule.By("containerPort", "protocol") with { Defaults = Tcp() },
        ["volumeMounts"] = ListMapRule.By("mountPath"),
        ["volumeDevices"] = ListMapRule.By("devicePath"),
    };

    private static readonly HashSet<string> s_containerLists = new(StringComparer.Ordinal) { "containers", "initContainers", "ephemeralContainers" };

    /// <summary>The position of a whole object, from its <c>kind</c>.</summary>
    public static SchemaPosition ForRoot(JsonNode? first, JsonNode? second) =>
        (KindOf(first) ?? KindOf(second)) switch
        {
            "Service" => SchemaPosition.ServiceRoot,
            "ServiceAccount" => SchemaPosition.ServiceAccountRoot,
            _ => SchemaPosition.Root,
        };

    /// <summary>The position of the map under <paramref name="field"/> of a map at <paramref name="parent"/>.</summary>
    public static SchemaPosition ForField(SchemaPosition parent, string field, JsonNode? first, JsonNode? second) => (parent, field) switch
    {
        (SchemaPosition.Root or SchemaPosition.ServiceRoot or SchemaPosition.ServiceAccountRoot, "metadata") => SchemaPosition.RootMetadata,
        (SchemaPosition.ServiceRoot, "spec") => SchemaPosition.ServiceSpec,
        (_, "resources") => SchemaPosition.Resources,
        (SchemaPosition.Resources, "limits" or "requests") => SchemaPosition.Quantities,
        _ => Shape(first, second),
    };

    /// <summary>The position of an element of the list <paramref name="field"/> of a map at <paramref name="parent"/>.</summary>
    public static SchemaPosition ForElement(SchemaPosition parent, string field, JsonNode? first, JsonNode? second) =>
        parent == SchemaPosition.PodSpec && s_containerLists.Contains(field) ? SchemaPosition.Container : Shape(first, second);

    /// <summary>The keys of the list <paramref name="field"/> of a map at <paramref name="parent"/>; null for a list compared by index.</summary>
    public static ListMapRule? RuleFor(SchemaPosition parent, string field)
    {
        var table = parent switch
        {
            SchemaPosition.PodSpec => s_podSpec,
            SchemaPosition.Container => s_container,
            _ => null,
        };
        if (table is not null && table.TryGetValue(field, out var rule))
        {
            return rule;
        }

        return (parent, field) switch
        {
            (SchemaPosition.ServiceSpec, "ports") => ListMapRule.By("port", "protocol") with { Defaults = Tcp() },
            (SchemaPosition.ServiceAccountRoot, "secrets") => s_name,
            (SchemaPosition.Resources, "claims") => s_name,
            (_, "ownerReferences") => ListMapRule.By("uid"),
            (_, "conditions") => ListMapRule.By("type"),
            _ => null,
        };
    }

    private static SchemaPosition Shape(JsonNode? first, JsonNode? second) =>
        first is JsonObject { } a && a["containers"] is JsonArray || second is JsonObject { } b && b["containers"] is JsonArray
            ? SchemaPosition.PodSpec
            : SchemaPosition.Other;

    private static string? KindOf(JsonNode? node) =>
        node is JsonObject obj && obj["kind"] is JsonValue kind && kind.TryGetValue<string>(out var text) ? text : null;

    private static Dictionary<string, string> Tcp() => new(StringComparer.Ordinal) { ["protocol"] = "TCP" };
}
