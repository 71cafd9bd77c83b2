using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Resources.Rbac;

/// <summary>
/// Roles and ClusterRoles: every rule names verbs, and either API groups with resources or (a ClusterRole
/// only) non-resource URLs, as kube-apiserver's validation requires. Printed as NAME and CREATED AT.
/// </summary>
internal sealed class RoleBehavior : ResourceBehavior
{
    private readonly bool _clusterRole;

    public RoleBehavior(bool clusterRole)
    {
        _clusterRole = clusterRole;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "string", "name", "Name must be unique within a namespace."),
        new("Created At", "date", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created."),
    ];

    public override void Validate(JsonObject obj, ICollection<StatusCause> causes)
    {
        var rules = obj["rules"];
        if (rules is not null and not JsonArray)
        {
            causes.Add(StatusCause.Invalid("rules", JsonFields.Raw(rules), "must be a list of policy rules"));
            return;
        }

        var index = 0;
        foreach (var rule in rules as JsonArray ?? [])
        {
            var field = $"rules[{index++}]";
            if (Strings(rule, "verbs").Count == 0)
            {
                causes.Add(StatusCause.Required($"{field}.verbs", "verbs must contain at least one value"));
            }

            var urls = Strings(rule, "nonResourceURLs");
            if (urls.Count > 0)
            {
                if (!_clusterRole)
                {
                    causes.Add(StatusCause.Invalid($"{field}.nonResourceURLs", $"[{string.Join(", ", urls)}]", "namespaced rules cannot apply to non-resource URLs"));
                }

                if (Strings(rule, "resources").Count > 0)
                {
                    causes.Add(StatusCause.Invalid($"{field}.nonResourceURLs", $"[{string.Join(", ", urls)}]", "rules cannot apply to both regular resources and non-resource URLs"));
                }

                continue;
            }

            if (Strings(rule, "apiGroups").Count == 0)
            {
                causes.Add(StatusCause.Required($"{field}.apiGroups", "resource rules must supply at least one api group"));
            }

            if (Strings(rule, "resources").Count == 0)
            {
                causes.Add(StatusCause.Required($"{field}.resources", "resource rules must supply at least one resource"));
            }
        }
    }

    public override IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
        [Name(obj), JsonFields.String(obj, "metadata", "creationTimestamp")];

    private static List<string> Strings(JsonNode? rule, string key) =>
        [.. (JsonFields.FindArray(rule, key) ?? []).Select(v => JsonFields.String(v)).OfType<string>()];
}
