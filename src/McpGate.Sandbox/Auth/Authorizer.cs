namespace McpGate.Sandbox.Auth;

/// <summary>The sandbox's RBAC in two rules: cluster-admin may do anything; view may read anything but secrets.</summary>
internal static class Authorizer
{
    private static readonly string[] s_readVerbs = ["get", "list", "watch"];

    public static bool IsAllowed(SandboxUser user, string verb, string group, string resource) =>
        user.Role == SandboxRole.ClusterAdmin
        || (s_readVerbs.Contains(verb, StringComparer.Ordinal) && !(group.Length == 0 && resource == "secrets"));

    /// <summary>The reason an RBAC authorizer gives for an allowed request.</summary>
    public static string Reason(SandboxUser user) => user.Role == SandboxRole.ClusterAdmin
        ? $"RBAC: allowed by ClusterRoleBinding \"sandbox-admin\" of ClusterRole \"cluster-admin\" to User \"{user.Name}\""
        : $"RBAC: allowed by ClusterRoleBinding \"sandbox-view\" of ClusterRole \"view\" to User \"{user.Name}\"";

    /// <summary>The verb of a resource request, as RBAC sees it.</summary>
    public static string VerbOf(string method, bool hasName, bool isWatch) => method switch
    {
        "GET" or "HEAD" => isWatch ? "watch" : hasName ? "get" : "list",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => hasName ? "delete" : "deletecollection",
        _ => method.ToLowerInvariant(),
    };
}
