using System.Net;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Authentication;
using McpGate.Kubernetes.Identity;
using McpGate.Kubernetes.KubeConfig;
using Microsoft.Extensions.Logging;

namespace McpGate.Kubernetes;

/// <summary>
/// The engine's <see cref="IClusterPort"/> over a real Kubernetes API server. Every write takes a dry-run
/// flag, is sent as field manager <c>mcpgate</c> unless the request names another, and carries its
/// precondition (resourceVersion, uid, or "must not exist" for a create); failures surface as
/// <see cref="ClusterException"/>, requests the port refuses before sending as <see cref="ClusterErrorKind.Invalid"/>.
/// </summary>
public sealed partial class KubernetesClusterPort : IClusterPort, IDisposable, IAsyncDisposable
{
    private readonly KubeApiClient _client;
    private readonly bool _ownsClient;
    private readonly SemaphoreSlim _identityGate = new(1, 1);
    private ClusterIdentity? _identity;
    private KubernetesClusterReader? _reader;

    private static readonly ResourceRef s_kubeSystem = new() { Group = string.Empty, Version = "v1", Resource = "namespaces", Name = "kube-system" };

    /// <summary>Wraps an existing client; the port disposes it only when <paramref name="ownsClient"/> is true.</summary>
    public KubernetesClusterPort(KubeApiClient client, bool ownsClient = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _ownsClient = ownsClient;
    }

    /// <summary>The kubeconfig context name.</summary>
    public string ClusterName => _client.Endpoint.ContextName;

    /// <summary>The context's namespace (<c>default</c> when the context names none).</summary>
    public string DefaultNamespace => _client.Endpoint.Namespace;

    /// <summary>Reads through a read-only view of the same client (GET requests only); created on first use.</summary>
    public IClusterReader Reader => LazyInitializer.EnsureInitialized(ref _reader, () => new KubernetesClusterReader(_client));

    /// <summary>The underlying client, for verbs the port does not expose.</summary>
    public KubeApiClient Client => _client;

    /// <summary>
    /// Loads a kubeconfig file (or a <see cref="Path.PathSeparator"/>-separated list, first wins) and
    /// selects <paramref name="context"/>, or the current context when null.
    /// </summary>
    /// <exception cref="KubeConfigException">The kubeconfig is missing, invalid, or the context is unusable.</exception>
    public static KubernetesClusterPort FromKubeconfig(string kubeconfigPathOrList, string? context, ILoggerFactory? loggerFactory = null) =>
        FromConfiguration(KubeConfigLoader.Load(kubeconfigPathOrList), context, null, loggerFactory);

    /// <summary>Builds a port from an already-parsed configuration.</summary>
    public static KubernetesClusterPort FromConfiguration(
        KubeConfiguration configuration,
        string? context,
        KubeApiClientOptions? options = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return FromEndpoint(configuration.Resolve(context), options, loggerFactory);
    }

    /// <summary>Builds a port from the pod's service account (see <see cref="KubeInClusterConfig"/>).</summary>
    /// <exception cref="KubeConfigException">Not running in a pod, or the service-account files are unusable.</exception>
    public static KubernetesClusterPort FromInCluster(
        string? serviceAccountRoot = null,
        Func<string, string?>? environment = null,
        KubeApiClientOptions? options = null,
        ILoggerFactory? loggerFactory = null) =>
        FromEndpoint(KubeInClusterConfig.Load(serviceAccountRoot, environment), options, loggerFactory);

    /// <summary>Builds a port from a resolved context.</summary>
    public static KubernetesClusterPort FromEndpoint(KubeEndpoint endpoint, KubeApiClientOptions? options = null, ILoggerFactory? loggerFactory = null) =>
        new(new KubeApiClient(endpoint, options, loggerFactory), ownsClient: true);

    /// <summary>Resolved by <see cref="ClusterIdentityResolver"/> on the first call, then cached.</summary>
    public async Task<ClusterIdentity> GetIdentityAsync(CancellationToken cancellationToken = default)
    {
        if (_identity is { } known)
        {
            return known;
        }

        await _identityGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _identity ??= await ClusterIdentityResolver.ResolveAsync(_client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ClusterErrorTranslator.IsTranslatable(ex, cancellationToken) || ex is InvalidOperationException or FormatException)
        {
            throw ClusterErrorTranslator.Translate(ex, "identify", s_kubeSystem, ClusterName);
        }
        finally
        {
            _identityGate.Release();
        }
    }

    /// <summary>The same read as <see cref="Reader"/>'s: null on the server's own 404, any other failure translated.</summary>
    public Task<JsonObject?> GetAsync(ResourceRef target, CancellationToken cancellationToken = default) =>
        Reader.GetAsync(target, cancellationToken);

    public Task<JsonObject> ListAsync(ResourceRef target, string? labelSelector = null, CancellationToken cancellationToken = default) =>
        Reader.ListAsync(target, new ListQuery { LabelSelector = labelSelector }, cancellationToken);

    public Task<JsonObject> ListAsync(ResourceRef target, ListFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Reader.ListAsync(target, new ListQuery { LabelSelector = filter.LabelSelector, FieldSelector = filter.FieldSelector }, cancellationToken);
    }

    public async Task<JsonObject?> GetSubresourceAsync(ResourceRef target, string subresource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(subresource);
        try
        {
            return await _client.GetSubresourceAsync(target, subresource, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.StatusReason == "NotFound" && ex.Details?.Name == target.Name)
        {
            // The object is absent; a subresource the resource does not have is a 404 without the object's name: an error.
            return null;
        }
        catch (Exception ex) when (ClusterErrorTranslator.IsTranslatable(ex, cancellationToken))
        {
            throw ClusterErrorTranslator.Translate(ex, $"get {subresource} of", target, ClusterName);
        }
    }

    /// <summary>The engine's merge patch: <see cref="PatchAsync(ResourceRef, PatchRequest, bool, CancellationToken)"/> with <see cref="PatchType.Merge"/>.</summary>
    public Task<JsonObject> PatchAsync(
        ResourceRef target,
        JsonObject mergePatch,
        string? resourceVersion,
        bool dryRun,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(mergePatch);
        return PatchAsync(target, new PatchRequest { Type = PatchType.Merge, Patch = mergePatch, ResourceVersion = resourceVersion }, dryRun, cancellationToken);
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }

        _identityGate.Dispose();
        _discovery?.Dispose();
        _reader?.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A deep copy of the caller's patch with <c>metadata.resourceVersion</c> set; the caller's object is left untouched.</summary>
    internal static JsonObject WithResourceVersion(JsonObject mergePatch, string? resourceVersion)
    {
        var patch = mergePatch.DeepClone().AsObject();
        if (resourceVersion is null)
        {
            return patch;
        }

        if (patch["metadata"] is not JsonObject metadata)
        {
            if (patch["metadata"] is not null)
            {
                throw new ArgumentException("The patch's metadata must be an object.", nameof(mergePatch));
            }

            metadata = [];
            patch["metadata"] = metadata;
        }

        metadata["resourceVersion"] = resourceVersion;
        return patch;
    }
}
