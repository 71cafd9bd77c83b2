using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Storage;
using McpGate.Server.Approvals;

namespace McpGate.Cli.Infrastructure;

/// <summary>
/// <c>mcpgate approvals</c> as a client of a gate's approval API: with <c>--server URL</c>, or the
/// address a running gate published in the data directory. It sends only signed decisions; the key
/// stays on this side. Every failure says whether the address or the answer is at fault.
/// </summary>
internal sealed class ApprovalsApiClient : IDisposable
{
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(3);
    private readonly HttpClient _http;
    private readonly string _source;

    private ApprovalsApiClient(Uri baseUrl, string source)
    {
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        _source = source;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>
    /// The API to use: <paramref name="server"/> when given (never a silent fallback), else the
    /// published address when a gate answers there, else null: work on the local data directory.
    /// </summary>
    public static async Task<ApprovalsApiClient?> ResolveAsync(string? server, DataDirectory directory, CancellationToken cancellationToken)
    {
        if (server is not null)
        {
            if (!Uri.TryCreate(server, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Query.Length > 0)
            {
                throw new CliInputException($"--server {server}: the approval API's address must be an http(s) URL, e.g. http://127.0.0.1:7443 (printed by 'mcpgate serve --approvals-listen')");
            }

            return new ApprovalsApiClient(Normalize(url), $"--server {server}");
        }

        if (ApprovalsApiAddress.TryRead(directory) is not { } published)
        {
            return null;
        }

        var client = new ApprovalsApiClient(Normalize(published), $"the address published in {ApprovalsApiAddress.PathIn(directory)}");
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(s_probeTimeout);
        try
        {
            using var response = await client._http.GetAsync(new Uri("api/v1/changes?state=pending", UriKind.Relative), probe.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return client;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // A gate that stopped leaves its file behind when killed: the local data directory serves.
        }

        client.Dispose();
        return null;
    }

    public async Task<JsonArray> ListAsync(string state, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, $"api/v1/changes?state={Uri.EscapeDataString(state)}", null, cancellationToken).ConfigureAwait(false))["changes"] as JsonArray
        ?? throw new CliInputException($"{_source}: the answer has no changes list; is this a McpGate approval API?");

    public Task<JsonObject> ShowAsync(string changeId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"api/v1/changes/{Uri.EscapeDataString(changeId)}", null, cancellationToken);

    public Task<JsonObject> CancelAsync(string changeId, string envelopeJson, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/v1/changes/{Uri.EscapeDataString(changeId)}/cancellations", envelopeJson, cancellationToken);

    public Task<JsonObject> DecideAsync(string changeId, string envelopeJson, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/v1/changes/{Uri.EscapeDataString(changeId)}/decisions", envelopeJson, cancellationToken);

    public Task<JsonObject> CommentAsync(string changeId, string envelopeJson, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/v1/changes/{Uri.EscapeDataString(changeId)}/comments", envelopeJson, cancellationToken);

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.InnerException is System.Security.Authentication.AuthenticationException tls)
        {
            throw new CliInputException(
                $"{_source}: the approval API at {BaseUrl} did not prove its identity over TLS ({tls.Message}); " +
                "its certificate must be issued for that host by a CA this machine trusts: install the gate's CA among the system's trusted CAs (or point SSL_CERT_FILE at it)", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new CliInputException($"{_source}: no approval API answers at {BaseUrl} ({ex.Message}); check the address ('mcpgate serve --approvals-listen' prints it) and that the gate runs", ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonObject? json;
            try
            {
                json = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException)
            {
                json = null;
            }

            if (json is null)
            {
                throw new CliInputException($"{_source}: {BaseUrl} answered {(int)response.StatusCode} without a JSON object; is this a McpGate approval API?");
            }

            if (!response.IsSuccessStatusCode)
            {
                var rule = json["error"]?["rule"]?.GetValue<string>() ?? "refused";
                var message = json["error"]?["message"]?.GetValue<string>() ?? text;
                throw new CliInputException($"the approval API at {BaseUrl} refused ({(int)response.StatusCode}, rule {rule}): {message}");
            }

            return json;
        }
    }

    private static Uri Normalize(Uri url) => url.AbsolutePath.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");

    public void Dispose() => _http.Dispose();
}
