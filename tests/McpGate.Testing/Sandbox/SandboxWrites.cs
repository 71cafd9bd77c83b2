using McpGate.Sandbox;

namespace McpGate.Testing.Sandbox;

/// <summary>
/// Requests that could change the sandbox's state: every POST, PUT, PATCH and DELETE, except the access
/// and identity reviews (SelfSubjectAccessReview, SelfSubjectReview), which are POSTs that store nothing.
/// <c>mcpgate serve</c> sends those at start to check its credentials, beside whatever a test does.
/// </summary>
public static class SandboxWrites
{
    private static readonly string[] s_methods = ["POST", "PUT", "PATCH", "DELETE"];
    private static readonly string[] s_reviews = ["/apis/authorization.k8s.io/", "/apis/authentication.k8s.io/"];

    public static long Count(SandboxCluster sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        // One pass: reviews arriving while it counts cannot skew the result.
        return sandbox.CountRequests((method, path) => s_methods.Contains(method, StringComparer.Ordinal)
            && !(method == "POST" && s_reviews.Any(r => path.StartsWith(r, StringComparison.Ordinal))));
    }
}
