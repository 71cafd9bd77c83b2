using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Api.Tables;
using McpGate.Sandbox.Auth;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;
using McpGate.Sandbox.Seeding;
using Microsoft.AspNetCore.Http;

namespace McpGate.Sandbox.Metrics;

/// <summary>
/// metrics.k8s.io/v1beta1 as metrics-server serves it through the aggregator: discovery, and get
/// and list of NodeMetrics and PodMetrics computed from the live pods (see <see cref="UsageModel"/>).
/// Served unless <see cref="SandboxOptions.ServeMetrics"/> is false or the kube-system namespace
/// carries <see cref="SwitchAnnotation"/>: <c>disabled</c>; then the group is absent from
/// discovery and its paths are 404, as on a cluster without metrics-server.
/// </summary>
internal sealed partial class MetricsApi
{
    public const string Group = "metrics.k8s.io";
    public const string Version = "v1beta1";
    public const string GroupVersion = Group + "/" + Version;
    public const string SwitchAnnotation = "sandbox.mcpgate.dev/metrics-server";
    private readonly ObjectService _objects;
    private readonly bool _enabled;

    public MetricsApi(ObjectService objects, bool enabled)
    {
        _objects = objects;
        _enabled = enabled;
    }

    /// <summary>Whether metrics-server is "installed" right now (read at each request, so a test may flip it).</summary>
    public bool IsServed
    {
        get
        {
            if (!_enabled)
            {
                return false;
            }

            var kubeSystem = _objects.Store.Get(ObjectService.KeyOf(BuiltInResources.Namespaces, null, SystemNamespaces.KubeSystem));
            return kubeSystem is null || !string.Equals(ObjectMeta.Annotation(kubeSystem, SwitchAnnotation), "disabled", StringComparison.OrdinalIgnoreCase);
        }
    }

    public static bool Owns(string path) =>
        path.Equals("/apis/" + Group, StringComparison.Ordinal) || path.StartsWith("/apis/" + Group + "/", StringComparison.Ordinal);

    /// <summary>The APIGroup entry for /apis and /apis/metrics.k8s.io.</summary>
    public static JsonObject GroupDocument()
    {
        var version = new JsonObject { ["groupVersion"] = GroupVersion, ["version"] = Version };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = Group,
            ["versions"] = new JsonArray(version),
            ["preferredVersion"] = version.DeepClone(),
        };
    }

    public async Task HandleAsync(HttpContext context, SandboxUser user, CancellationToken cancellationToken)
    {
        var path = context.Request.Path.Value ?? "/";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        if (!IsServed)
        {
            throw new ApiException(ApiErrors.PathNotFound());
        }

        var isGet = HttpMethods.IsGet(context.Request.Method);
        if (segments.Length <= 3)
        {
            var document = segments switch
            {
                ["apis", _] when isGet => GroupDocument(),
                ["apis", _, Version] when isGet => ResourceList(),
                _ => throw new ApiException(ApiErrors.PathNotFound()),
            };
            await HttpJson.WriteAsync(context, 200, document, cancellationToken).ConfigureAwait(false);
            return;
        }

        var (plural, ns, name) = segments switch
        {
            ["apis", _, Version, "nodes"] => ("nodes", null, null),
            ["apis", _, Version, "nodes", var node] => ("nodes", null, node),
            ["apis", _, Version, "pods"] => ("pods", null, null),
            ["apis", _, Version, "namespaces", var n, "pods"] => ("pods", n, null),
            ["apis", _, Version, "namespaces", var n, "pods", var pod] => ("pods", n, pod),
            _ => throw new ApiException(ApiErrors.PathNotFound()),
        };
        var isWatch = context.Request.Query["watch"].ToString() is "true" or "1";
        var verb = Authorizer.VerbOf(context.Request.Method, name is not null, isWatch);
        if (!Authorizer.IsAllowed(user, verb, Group, plural))
        {
            throw new ApiException(ApiErrors.Forbidden(user.Name, verb, Group, plural, name, ns));
        }

        if (isWatch && isGet)
        {
            throw new ApiException(new ApiStatus
            {
                Code = 405,
                Reason = "MethodNotAllowed",
                Message = $"watch is not supported on resources of kind \"{plural}.{Group}\"",
                Group = Group,
                Kind = plural,
            });
        }

        if (!isGet)
        {
            throw new ApiException(ApiErrors.MethodNotAllowed());
        }

        var body = plural == "nodes" ? Nodes(context.Request.Query, name) : Pods(context.Request.Query, ns, name);
        if (TableWriter.IsRequested(context.Request.Headers.Accept.ToString()))
        {
            body = MetricsTable.From(body);
        }

        await HttpJson.WriteAsync(context, 200, body, cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject ResourceList()
    {
        JsonObject Resource(string plural, string singular, string kind, bool namespaced) => new()
        {
            ["name"] = plural,
            ["singularName"] = singular,
            ["namespaced"] = namespaced,
            ["kind"] = kind,
            ["verbs"] = new JsonArray("get", "list"),
        };

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = GroupVersion,
            ["resources"] = new JsonArray(Resource("nodes", string.Empty, "NodeMetrics", false), Resource("pods", string.Empty, "PodMetrics", true)),
        };
    }

    private static ApiStatus NotFound(string plural, string name) => new()
    {
        Code = 404,
        Reason = "NotFound",
        Message = $"{plural}.{Group} \"{name}\" not found",
        Name = name,
        Group = Group,
        Kind = plural,
    };
}
