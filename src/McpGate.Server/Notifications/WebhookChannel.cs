using System.Globalization;
using System.Net.Http.Headers;
using McpGate.Core.Notifications;

namespace McpGate.Server.Notifications;

/// <summary>
/// POSTs the body as <c>application/json</c> with the signature headers. A 2xx answer is delivered;
/// anything else, a refused connection or the timeout is a failed attempt. Redirects are not followed
/// (a signed body goes only where the file says).
/// </summary>
internal sealed class WebhookChannel(NotifierDefinition notifier, byte[] key, HttpClient http, TimeProvider time) : INotificationChannel
{
    private readonly Uri _url = notifier.Url ?? throw new ArgumentException("a webhook notifier has a URL", nameof(notifier));

    public string Destination => $"{_url.Scheme}://{_url.Authority}";

    public async Task<DeliveryResult> SendAsync(DeliveryRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var message = new HttpRequestMessage(HttpMethod.Post, _url)
        {
            Content = new ReadOnlyMemoryContent(request.Body),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        message.Headers.UserAgent.ParseAdd("mcpgate-notifier/1");
        message.Headers.Add(NotificationSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        message.Headers.Add(NotificationSignature.SignatureHeader, NotificationSignature.Sign(key, timestamp, request.Body.Span));
        message.Headers.Add(NotificationSignature.DeliveryHeader, request.DeliveryId);
        message.Headers.Add(NotificationSignature.EventHeader, request.Event);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? DeliveryResult.Ok(status)
                : DeliveryResult.Fail(status, $"HTTP {status.ToString(CultureInfo.InvariantCulture)} {ErrorText.Clean(response.ReasonPhrase ?? string.Empty)}".TrimEnd());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Fail(null, $"no answer within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s");
        }
        catch (HttpRequestException ex)
        {
            return DeliveryResult.Fail(null, ErrorText.Clean(ex.Message, _url.PathAndQuery == "/" ? null : _url.PathAndQuery, _url.Query));
        }
    }
}
