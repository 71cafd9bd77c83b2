using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
/// errors as <see cref="KubeApiException"/>. Reads retry transient failures; writes do not.
/// </summary>
public sealed partial class KubeApiClient : IDisposable
{
    private static readonly MediaTypeWithQualityHeaderValue s_acceptJson = new("application/json");

    private readonly HttpClient _http;
    private readonly string _serverBase;
    private readonly BearerTokenSource _token;
    private readonly KubeApiClientOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _readPipeline;
    private readonly ResiliencePipeline<HttpResponseMessage> _writePipeline;

    /// <summary>Creates a client for a resolved kubeconfig context.</summary>
    public KubeApiClient(KubeEndpoint endpoint, KubeApiClientOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        _options = options ?? new KubeApiClientOptions();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<KubeApiClient>();
        _http = new HttpClient(KubeHttpHandlerFactory.Create(endpoint), disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _serverBase = endpoint.Server.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _token = new BearerTokenSource(endpoint.Token, endpoint.TokenFile);
        _readPipeline = KubeResiliencePipelines.CreateRead(_options, _logger);
        _writePipeline = KubeResiliencePipelines.CreateWrite(_options, _logger);
    }

    /// <summary>The context this client talks to.</summary>
    public KubeEndpoint Endpoint { get; }

    public void Dispose() => _http.Dispose();

    private async Task<JsonObject> SendAsync(
        HttpMethod method,
        string pathAndQuery,
        JsonNode? body,
        string? contentType,
        CancellationToken cancellationToken)
    {
        var isRead = method == HttpMethod.Get;
        var pipeline = isRead ? _readPipeline : _writePipeline;
        var payload = body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString());
        var path = StripQuery(pathAndQuery);
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await pipeline.ExecuteAsync(
                async token =>
                {
                    using var request = await CreateRequestAsync(method, pathAndQuery, payload, contentType, token).ConfigureAwait(false);
                    return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            KubeApiLog.TimedOut(_logger, method.Method, path, _options.Timeout.TotalMilliseconds);
            throw new TimeoutException($"{method.Method} {path} on {_serverBase} did not complete within {_options.Timeout.TotalSeconds:0.###} s", ex);
        }

        using (response)
        {
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            KubeApiLog.Completed(_logger, method.Method, path, (int)response.StatusCode, elapsedMs);

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var error = KubeStatusParser.ToException(method, path, response.StatusCode, text);
                KubeApiLog.Failed(_logger, method.Method, path, (int)response.StatusCode, error.Reason);
                throw error;
            }

            try
            {
                return JsonNode.Parse(text) as JsonObject
                    ?? throw new KubeApiException(response.StatusCode, KubeApiReason.Unknown, $"{method.Method} {path} returned a body that is not a JSON object");
            }
            catch (JsonException ex)
            {
                throw new KubeApiException($"{method.Method} {path} returned HTTP {(int)response.StatusCode} with a body that is not JSON: {ex.Message}", ex);
            }
        }
    }

    private async Task<HttpRequestMessage> CreateRequestAsync(
        HttpMethod method,
        string pathAndQuery,
        byte[]? payload,
        string? contentType,
        CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, new Uri(_serverBase + pathAndQuery, UriKind.Absolute));
        request.Headers.Accept.Add(s_acceptJson);
        if (await _token.GetTokenAsync(cancellationToken).ConfigureAwait(false) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (payload is not null)
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
        }

        return request;
    }

    private static string StripQuery(string pathAndQuery)
    {
        var index = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return index < 0 ? pathAndQuery : pathAndQuery[..index];
    }
}
