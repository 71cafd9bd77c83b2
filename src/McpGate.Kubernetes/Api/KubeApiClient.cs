using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Kubernetes.Authentication;
using McpGate.Kubernetes.Http;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Timeout;

namespace McpGate.Kubernetes.Api;

/// <summary>
/// A small Kubernetes REST client over one <see cref="HttpClient"/>: dynamic resources by
/// group, version and resource, JSON bodies as <see cref="JsonObject"/>, <c>v1.Status</c>
/// errors as <see cref="KubeApiException"/>. Reads retry transient failures; writes only when
/// provably not sent. A 401 with a refreshable credential (exec plugin, token file) is retried once
/// with a fresh credential.
/// </summary>
public sealed partial class KubeApiClient : IDisposable
{
    private static readonly MediaTypeWithQualityHeaderValue s_acceptJson = new("application/json");

    private readonly KubeHttpTransport _transport;
    private readonly string _serverBase;
    private readonly ICredentialSource _credentials;
    private readonly KubeApiClientOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _readPipeline;
    private readonly ResiliencePipeline<HttpResponseMessage> _writePipeline;
    private readonly bool _readOnly;
    private readonly bool _ownsResources = true;

    /// <summary>Creates a client for a resolved kubeconfig context.</summary>
    public KubeApiClient(KubeEndpoint endpoint, KubeApiClientOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        _options = options ?? new KubeApiClientOptions();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<KubeApiClient>();
        _credentials = endpoint.Exec is not null
            ? new ExecCredentialSource(endpoint, _options.ExecTimeout, _options.TimeProvider, _logger)
            : new TokenCredentialSource(endpoint.Token, endpoint.TokenFile, _options.TimeProvider);
        _transport = new KubeHttpTransport(endpoint, _options.ConnectTimeout);
        _serverBase = endpoint.Server.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _readPipeline = KubeResiliencePipelines.CreateRead(_options, _logger);
        _writePipeline = KubeResiliencePipelines.CreateWrite(_options, _logger);
    }

    /// <summary>A view sharing <paramref name="source"/>'s connections and credentials that sends GET requests only.</summary>
    private KubeApiClient(KubeApiClient source)
    {
        Endpoint = source.Endpoint;
        _options = source._options;
        _logger = source._logger;
        _credentials = source._credentials;
        _transport = source._transport;
        _serverBase = source._serverBase;
        _readPipeline = source._readPipeline;
        _writePipeline = source._writePipeline;
        _readOnly = true;
        _ownsResources = false;
    }

    /// <summary>
    /// A view of this client that can only read: it shares the connections and credentials, and refuses
    /// before sending anything every request whose method is not GET (list and watch are GETs). Read
    /// tools get this view, so no manifest, strategy or bug above it can make a read tool write.
    /// Disposing the view leaves this client open.
    /// </summary>
    public KubeApiClient ReadOnlyView() => new(this);

    /// <summary>True for a <see cref="ReadOnlyView"/>: every method but GET is refused before it is sent.</summary>
    public bool IsReadOnly => _readOnly;

    /// <summary>The options the client runs with (timeouts, retry limits, clock).</summary>
    internal KubeApiClientOptions Options => _options;

    /// <summary>Digest of the certificate chain the server presented at the last TLS handshake; null before one.</summary>
    internal string? ServerChainDigest => _transport.ServerChain.Digest;

    /// <summary>The context this client talks to.</summary>
    public KubeEndpoint Endpoint { get; }

    public void Dispose()
    {
        if (!_ownsResources)
        {
            return;
        }

        _transport.Dispose();
        (_credentials as IDisposable)?.Dispose();
    }

    /// <summary>GET any API path (discovery documents, <c>/version</c>) as JSON, with the read retry rules.</summary>
    public Task<JsonObject> GetPathAsync(string pathAndQuery, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathAndQuery);
        if (!pathAndQuery.StartsWith('/'))
        {
            throw new ArgumentException("The path must start with '/'.", nameof(pathAndQuery));
        }

        return SendAsync(HttpMethod.Get, pathAndQuery, null, null, cancellationToken);
    }

    private async Task<JsonObject> SendAsync(
        HttpMethod method,
        string pathAndQuery,
        JsonNode? body,
        string? contentType,
        CancellationToken cancellationToken)
    {
        var payload = body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString());
        using var response = await SendCheckedAsync(method, pathAndQuery, payload, contentType, HttpCompletionOption.ResponseContentRead, cancellationToken)
            .ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var path = StripQuery(pathAndQuery);
        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw new KubeApiException(response.StatusCode, KubeApiReason.Unknown, $"{method.Method} {path} on {Describe()} returned a body that is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new KubeApiException($"{method.Method} {path} on {Describe()} returned HTTP {(int)response.StatusCode} with a body that is not JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Sends through the resilience pipeline and throws <see cref="KubeApiException"/> on a non-2xx answer; the caller disposes the response.</summary>
    private async Task<HttpResponseMessage> SendCheckedAsync(
        HttpMethod method,
        string pathAndQuery,
        byte[]? payload,
        string? contentType,
        HttpCompletionOption completion,
        CancellationToken cancellationToken,
        bool streaming = false)
    {
        if (_readOnly && method != HttpMethod.Get)
        {
            throw new InvalidOperationException(
                $"{method.Method} {StripQuery(pathAndQuery)} refused: this client is read-only (GET only); a read tool can never change the cluster.");
        }

        var pipeline = method == HttpMethod.Get ? _readPipeline : _writePipeline;
        var path = StripQuery(pathAndQuery);
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = streaming
                ? await SendWithCredentialAsync(method, pathAndQuery, payload, contentType, completion, cancellationToken).ConfigureAwait(false)
                : await pipeline.ExecuteAsync(
                    token => new ValueTask<HttpResponseMessage>(SendWithCredentialAsync(method, pathAndQuery, payload, contentType, completion, token)),
                    cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            KubeApiLog.TimedOut(_logger, method.Method, path, _options.Timeout.TotalMilliseconds);
            throw new TimeoutException($"{method.Method} {path} on {Describe()} did not complete within {_options.Timeout.TotalSeconds:0.###} s", ex);
        }

        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        KubeApiLog.Completed(_logger, method.Method, path, (int)response.StatusCode, elapsedMs);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var error = KubeStatusParser.ToException(method, path, response.StatusCode, text, Describe());
            KubeApiLog.Failed(_logger, method.Method, path, (int)response.StatusCode, error.Reason);
            throw error;
        }
    }

    private async Task<HttpResponseMessage> SendWithCredentialAsync(
        HttpMethod method,
        string pathAndQuery,
        byte[]? payload,
        string? contentType,
        HttpCompletionOption completion,
        CancellationToken cancellationToken)
    {
        var credential = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
        var response = await SendOnceAsync(method, pathAndQuery, payload, contentType, credential, completion, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !_credentials.CanRefresh)
        {
            return response;
        }

        // A 401 means the request was not processed, so sending it again is safe even for a write.
        response.Dispose();
        KubeAuthLog.RefreshingAfterUnauthorized(_logger);
        credential = await _credentials.RefreshAsync(credential, cancellationToken).ConfigureAwait(false);
        return await SendOnceAsync(method, pathAndQuery, payload, contentType, credential, completion, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(
        HttpMethod method,
        string pathAndQuery,
        byte[]? payload,
        string? contentType,
        KubeCredential credential,
        HttpCompletionOption completion,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_serverBase + pathAndQuery, UriKind.Absolute));
        request.Headers.Accept.Add(s_acceptJson);
        if (credential.Token is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (payload is not null)
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
        }

        var lease = _transport.Acquire(credential.ClientCertificate);
        var rejectionsBefore = _transport.ServerChain.Rejections;
        HttpResponseMessage response;
        try
        {
            response = await lease.Client.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && ex.InnerException is TimeoutException)
        {
            // SocketsHttpHandler's ConnectTimeout (TCP connect plus TLS handshake): nothing was sent yet.
            lease.Dispose();
            throw new HttpRequestException(
                HttpRequestError.ConnectionError,
                $"connecting to {Describe()} timed out after {_options.ConnectTimeout.TotalSeconds:0.###} s (TCP connect or TLS handshake)",
                ex);
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested && KubeResiliencePipelines.IsHandshakeRefusal(ex) && _transport.ServerChain.RejectionSince(rejectionsBefore) is { } reason)
        {
            // .NET says only "The SSL connection could not be established"; the check said why.
            lease.Dispose();
            throw new ServerCertificateRejectedException($"the certificate of {Describe()} was not accepted: {reason}", ex);
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        if (completion == HttpCompletionOption.ResponseContentRead)
        {
            lease.Dispose();
            return response;
        }

        // A streamed body (watch) still reads from the generation's connection: keep it until the body is disposed.
        response.Content = new LeasedContent(response.Content, lease);
        return response;
    }

    private string Describe() => $"cluster '{Endpoint.ContextName}' ({UrlCredentials.Redact(_serverBase)})";

    private static string StripQuery(string pathAndQuery)
    {
        var index = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return index < 0 ? pathAndQuery : pathAndQuery[..index];
    }
}
