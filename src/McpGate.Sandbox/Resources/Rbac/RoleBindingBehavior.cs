using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Resources.Rbac;

/// <summary>
/// RoleBindings and ClusterRoleBindings: a roleRef to a Role (RoleBinding only) or ClusterRole in the RBAC
/// group, and subjects that are users, groups or service accounts (a ClusterRoleBinding's service account
/// names its namespace). Printed as NAME, ROLE and AGE.
/// </summary>
internal sealed class RoleBindingBehavior : ResourceBehavior
{
    private static readonly string[] s_subjectKinds = ["User", "Group", "ServiceAccount"];

    private readonly bool _clusterBinding;

    public RoleBindingBehavior(bool clusterBinding)
    {
        _clusterBinding = clusterBinding;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "string", "name", "Name must be unique within a namespace."),
        new("Role", "string", string.Empty, "The role the binding grants."),
        new("Age", "string", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created."),
    ];

    public override void ApplyDefaults(JsonObject obj)
    {
        // kube-apiserver defaults a User or Group subject's apiGroup; a ServiceAccount's stays empty.
        foreach (var subject in (obj["subjects"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (JsonFields.String(subject, "kind") is "User" or "Group")
            {
                subject["apiGroup"] ??= RbacResources.Group;
            }
        }
    }

    public override void Validate(JsonObject obj, ICollection<StatusCause> causes)
    {
        var roleRef = JsonFields.FindObject(obj, "roleRef");
        var kind = JsonFields.String(roleRef, "kind");
        if (JsonFields.String(roleRef, "apiGroup") != RbacResources.Group)
        {
            causes.Add(NotSupported("roleRef.apiGroup", JsonFields.String(roleRef, "apiGroup"), $"\"{RbacResources.Group}\""));
        }

        if (kind is not ("ClusterRole" or "Role") || (_clusterBinding && kind == "Role"))
        {
            causes.Add(NotSupported("roleRef.kind", kind, _clusterBinding ? "\"ClusterRole\"" : "\"ClusterRole\", \"Role\""));
        }

        if (string.IsNullOrEmpty(JsonFields.String(roleRef, "name")))
        {
            causes.Add(StatusCause.Required("roleRef.name", string.Empty));
        }

        var index = 0;
        foreach (var subject in obj["subjects"] as JsonArray ?? [])
        {
            var field = $"subjects[{index++}]";
            var subjectKind = JsonFields.String(subject, "kind");
            if (!s_subjectKinds.Contains(subjectKind, StringComparer.Ordinal))
            {
                causes.Add(NotSupported($"{field}.kind", subjectKind, "\"Group\", \"ServiceAccount\", \"User\""));
            }

            var name = JsonFields.String(subject, "name");
            if (string.IsNullOrEmpty(name))
            {
                causes.Add(StatusCause.Required($"{field}.name", string.Empty));
            }
            else if (subjectKind == "ServiceAccount" && !ObjectNames.IsDnsSubdomain(name))
            {
                causes.Add(StatusCause.Invalid($"{field}.name", $"\"{name}\"", ObjectNames.SubdomainMessage));
            }

            if (subjectKind == "ServiceAccount" && _clusterBinding && string.IsNullOrEmpty(JsonFields.String(subject, "namespace")))
            {
                causes.Add(StatusCause.Required($"{field}.namespace", string.Empty));
            }
        }
    }

    private static StatusCause NotSupported(string field, string? value, string supported) =>
        new("FieldValueNotSupported", $"Unsupported value: \"{value}\": supported values: {supported}", field);

    public override IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
        [Name(obj), $"{JsonFields.String(obj, "roleRef", "kind")}/{JsonFields.String(obj, "roleRef", "name")}", Age(obj, now)];
}
