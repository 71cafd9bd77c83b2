using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Authentication;
using McpGate.Kubernetes.Discovery;

namespace McpGate.Kubernetes;

/// <summary>
/// <see cref="IClusterReader"/> over a read-only view of a <see cref="KubeApiClient"/>: every request it
/// can send is a GET, enforced by the client itself (<see cref="KubeApiClient.ReadOnlyView"/>).
/// Discovery and OpenAPI documents are cached; a name discovery does not know triggers a refresh.
/// </summary>
public sealed class KubernetesClusterReader : IClusterReader, IDisposable
{
    private readonly KubeApiClient _client;
    private readonly KubeDiscovery _discovery;
    private readonly ConcurrentDictionary<string, JsonObject> _openApi = new(StringComparer.Ordinal);

    /// <summary>Reads through a read-only view of <paramref name="client"/>, which stays owned by the caller.</summary>
    public KubernetesClusterReader(KubeApiClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client.IsReadOnly ? client : client.ReadOnlyView();
        _discovery = new KubeDiscovery(_client);
    }

    public string ClusterName => _client.Endpoint.ContextName;

    public async Task<JsonObject?> GetAsync(ResourceRef target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            return await _client.GetAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.StatusReason == "NotFound")
        {
            // The server's own "no such object"; a bare 404 (a resource not served) stays an error.
            return null;
        }
        catch (Exception ex) when (ClusterErrorTranslator.IsTranslatable(ex, cancellationToken))
        {
            throw ClusterErrorTranslator.Translate(ex, "get", target, ClusterName);
        }
    }

    public async Task<JsonObject> ListAsync(ResourceRef collection, ListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            var options = new KubeListOptions
            {
                LabelSelector = query.LabelSelector,
                FieldSelector = query.FieldSelector,
                Limit = query.Limit,
                Continue = query.Continue,
            };
            return await _client.ListAsync(collection with { Name = null }, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ClusterErrorTranslator.IsTranslatable(ex, cancellationToken))
        {
            throw ClusterErrorTranslator.Translate(ex, "list", collection, ClusterName);
        }
    }

    public async Task<PodLog> GetLogAsync(ResourceRef pod, LogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            var text = await _client.GetLogAsync(
                pod,
                new KubeLogOptions
                {
                    Container = query.Container,
                    Previous = query.Previous,
                    TailLines = query.TailLines,
                    SinceSeconds = query.SinceSeconds,
                    LimitBytes = query.LimitBytes,
                },
                cancellationToken).ConfigureAwait(false);
            return new PodLog { Text = text, Bytes = Encoding.UTF8.GetByteCount(text) };
        }
        catch (Exception ex) when (ClusterErrorTranslator.IsTranslatable(ex, cancellationToken))
        {
            throw ClusterErrorTranslator.Translate(ex, "read the log of", pod, ClusterName);
        }
    }

    public async Task<IReadOnlyList<ServedResource>> GetServedResourcesAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _discovery.GetResourcesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ClusterErrorTranslator.IsTranslatable(ex, cancellationToken))
        {
            throw ClusterErrorTranslator.Translate(ex, "discover", new ResourceRef { Group = string.Empty, Version = "v1", Resource = "apiresources" }, ClusterName);
        }
    }

    public async Task<JsonObject?> GetOpenApiAsync(string apiVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiVersion);
        var key = apiVersion.Contains('/', StringComparison.Ordinal) ? $"apis/{apiVersion}" : $"api/{apiVersion}";
        var target = new ResourceRef { Group = string.Empty, Version = "v3", Resource = "openapi", Name = key };
        try
        {
            var index = await _client.GetPathAsync("/openapi/v3", cancellationToken).ConfigureAwait(false);
            if (index["paths"]?[key]?["serverRelativeURL"]?.GetValue<string>() is not { } url || !url.StartsWith('/'))
            {
                return null;
            }

            // The URL carries the document's hash: a cached copy under the same URL is the same document.
            if (_openApi.TryGetValue(url, out var cached))
            {
                return cached;
            }

            var document = await _client.GetPathAsync(url, cancellationToken).ConfigureAwait(false);
            _openApi[url] = document;
            return document;
        }
        catch (KubeApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (ClusterErrorTranslator.IsTranslatable(ex, cancellationToken))
        {
            throw ClusterErrorTranslator.Translate(ex, "read the OpenAPI schema of", target, ClusterName);
        }
    }

    public void Dispose() => _discovery.Dispose();
}
