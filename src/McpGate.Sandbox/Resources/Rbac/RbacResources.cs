namespace McpGate.Sandbox.Resources.Rbac;

/// <summary>
/// rbac.authorization.k8s.io/v1 Roles, ClusterRoles and their bindings: stored, validated and printed as
/// kube-apiserver does, so RBAC YAML (mcpgate cluster rbac, deploy/kubernetes) can be applied. The sandbox's
/// authorizer does not read them: its two users keep their fixed roles.
/// </summary>
internal static class RbacResources
{
    public const string Group = "rbac.authorization.k8s.io";

    public static ResourceDefinition Roles { get; } = Rbac("roles", "Role", namespaced: true, new RoleBehavior(clusterRole: false));

    public static ResourceDefinition ClusterRoles { get; } = Rbac("clusterroles", "ClusterRole", namespaced: false, new RoleBehavior(clusterRole: true));

    public static ResourceDefinition RoleBindings { get; } = Rbac("rolebindings", "RoleBinding", namespaced: true, new RoleBindingBehavior(clusterBinding: false));

    public static ResourceDefinition ClusterRoleBindings { get; } = Rbac("clusterrolebindings", "ClusterRoleBinding", namespaced: false, new RoleBindingBehavior(clusterBinding: true));

    private static ResourceDefinition Rbac(string plural, string kind, bool namespaced, IResourceBehavior behavior) => new()
    {
        Group = Group,
        Version = "v1",
        Plural = plural,
        Singular = kind.ToLowerInvariant(),
        Kind = kind,
        Namespaced = namespaced,
        Behavior = behavior,
    };
}
