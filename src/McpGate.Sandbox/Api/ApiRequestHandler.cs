using McpGate.Sandbox.Diagnostics;
using McpGate.Sandbox.Faults;
using McpGate.Sandbox.Objects;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpGate.Sandbox.Api;

/// <summary>The whole HTTP surface: authentication, discovery, resources, and errors as v1.Status.</summary>
internal sealed class ApiRequestHandler
{
    private readonly BearerTokenCheck _tokenCheck;
    private readonly DiscoveryDocuments _discovery;
    private readonly ResourceEndpoint _resources;
    private readonly ObjectService _objects;
    private readonly SandboxFaults _faults;
    private readonly RequestCounter _counter;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public ApiRequestHandler(BearerTokenCheck tokenCheck, ObjectService objects, SandboxFaults faults, RequestCounter counter, TimeProvider timeProvider, TimeSpan bookmarkInterval, ILogger logger)
    {
        _tokenCheck = tokenCheck;
        _faults = faults;
        _counter = counter;
        _timeProvider = timeProvider;
        _objects = objects;
        _discovery = new DiscoveryDocuments(objects.Registry);
        _resources = new ResourceEndpoint(objects, bookmarkInterval);
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var cancellationToken = context.RequestAborted;
        _counter.Record(request.Method, path);
        try
        {
            if (_faults.TryTake(request.Method, path) is { } fault)
            {
                SandboxLog.FaultInjected(_logger, fault.Kind, request.Method, path);
                if (await FaultResponder.TryRespondAsync(context, fault, _timeProvider, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }

            if (!_tokenCheck.IsAuthorized(request))
            {
                SandboxLog.Unauthorized(_logger, request.Method, path);
                await HttpJson.WriteStatusAsync(context, ApiErrors.Unauthorized(), cancellationToken).ConfigureAwait(false);
                return;
            }

            if (HttpMethods.IsGet(request.Method) && _discovery.Find(path, $"{request.Host.Host}:{request.Host.Port}") is { } document)
            {
                await HttpJson.WriteAsync(context, 200, document, cancellationToken).ConfigureAwait(false);
            }
            else if (RequestTarget.Parse(path, _objects.Registry) is { } target)
            {
                await _resources.HandleAsync(context, target, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await HttpJson.WriteStatusAsync(context, ApiErrors.PathNotFound(), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ApiException ex)
        {
            await HttpJson.WriteStatusAsync(context, ex.Status, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            SandboxLog.RequestFailed(_logger, ex, request.Method, path);
            await HttpJson.WriteStatusAsync(context, ApiErrors.InternalError(ex.Message), cancellationToken).ConfigureAwait(false);
        }

        SandboxLog.RequestHandled(_logger, request.Method, path, context.Response.StatusCode);
    }
}
