namespace McpGate.Kubernetes.Api;

/// <summary>What an operator should do about each kind of API error, in one sentence.</summary>
internal static class KubeErrorAdvice
{
    public static string? For(KubeApiReason reason) => reason switch
    {
        KubeApiReason.NotFound => "Check the name, the namespace, and that this resource type exists on the cluster",
        KubeApiReason.AlreadyExists => "An object with this name exists already; pick another name or change the existing object",
        KubeApiReason.Conflict => "The object changed since it was read; read it again and prepare the change again (conflicts are never retried)",
        KubeApiReason.Invalid or KubeApiReason.BadRequest => "Fix the request fields the server named",
        KubeApiReason.Forbidden => "The credentials lack RBAC permission for this; run 'mcpgate cluster check' to see what is missing",
        KubeApiReason.Unauthorized => "The API server rejected the credentials; renew the kubeconfig token or certificate, or log in again for an exec plugin",
        KubeApiReason.TooManyRequests => "The API server is throttling this client; try again later",
        KubeApiReason.Gone or KubeApiReason.Expired => "The resourceVersion or continue token is too old; list again from the start",
        KubeApiReason.InternalError or KubeApiReason.ServiceUnavailable or KubeApiReason.Timeout => "The API server is failing or overloaded; try again later",
        KubeApiReason.MethodNotAllowed => "This resource does not support the operation",
        KubeApiReason.UnsupportedMediaType => "The server does not accept this patch or body type for the resource",
        _ => null,
    };
}
