using System.Net;
using System.Net.Sockets;
using McpGate.Kubernetes.Api;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace McpGate.Kubernetes.Resilience;

/// <summary>
/// The two pipelines of the client. Reads retry transient failures (429 honouring
/// Retry-After, 5xx, connection faults) with exponential backoff and jitter. Writes are
/// retried only when the connection was refused or timed out while being set up, i.e. nothing was sent; a 409 is never
/// retried. Both run under one whole-call timeout.
/// </summary>
internal static class KubeResiliencePipelines
{
    public static ResiliencePipeline<HttpResponseMessage> CreateRead(KubeApiClientOptions options, ILogger logger) =>
        Create(options, logger, options.MaxReadAttempts, static outcome => IsTransientRead(outcome));

    public static ResiliencePipeline<HttpResponseMessage> CreateWrite(KubeApiClientOptions options, ILogger logger) =>
        Create(options, logger, options.MaxReadAttempts, static outcome => outcome.Exception is { } ex && IsNotSent(ex));

    public static bool IsTransientRead(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is { } exception)
        {
            // A TLS or protocol failure will fail the same way again; connection faults may not.
            if (IsHandshakeRefusal(exception))
            {
                return false;
            }

            return exception is HttpRequestException
            {
                HttpRequestError: not (HttpRequestError.SecureConnectionError or HttpRequestError.InvalidResponse
                    or HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.UserAuthenticationError
                    or HttpRequestError.ProxyTunnelError or HttpRequestError.VersionNegotiationError),
            };
        }

        var status = (int)outcome.Result!.StatusCode;
        return status == (int)HttpStatusCode.TooManyRequests || (status >= 500 && status != (int)HttpStatusCode.NotImplemented);
    }

    /// <summary>
    /// A TLS handshake whose authentication failed (the certificate check refused the server, or the
    /// server sent an alert): from SocketsHttpHandler's own handshake, and from one done in a
    /// ConnectCallback (tls-server-name), which surfaces as a connection error around it.
    /// </summary>
    public static bool IsHandshakeRefusal(Exception exception) =>
        exception.InnerException is System.Security.Authentication.AuthenticationException;

    /// <summary>
    /// True when the connection was refused or could not be set up in time (TCP connect or TLS handshake):
    /// the request never left this process, so it is safe to send again.
    /// </summary>
    public static bool IsNotSent(Exception exception)
    {
        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError, InnerException: OperationCanceledException { InnerException: TimeoutException } })
        {
            return true;
        }

        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    private static ResiliencePipeline<HttpResponseMessage> Create(
        KubeApiClientOptions options,
        ILogger logger,
        int maxAttempts,
        Func<Outcome<HttpResponseMessage>, bool> shouldRetry)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = options.TimeProvider };
        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.Timeout });
        if (maxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = maxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(shouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome, options)),
                OnRetry = args =>
                {
                    var cause = args.Outcome.Exception?.GetType().Name ?? ((int)args.Outcome.Result!.StatusCode).ToString();
                    KubeApiLog.Retrying(logger, args.AttemptNumber + 1, cause, args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        return builder.Build();
    }

    private static TimeSpan? RetryAfter(Outcome<HttpResponseMessage> outcome, KubeApiClientOptions options)
    {
        var header = outcome.Result?.Headers.RetryAfter;
        TimeSpan? delay = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - options.TimeProvider.GetUtcNow(),
            _ => null,
        };
        if (delay is not { } value)
        {
            return null;
        }

        return value < TimeSpan.Zero ? TimeSpan.Zero : value > options.MaxRetryAfter ? options.MaxRetryAfter : value;
    }
}
