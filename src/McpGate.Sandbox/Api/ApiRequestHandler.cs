using McpGate.Sandbox.Auth;
using McpGate.Sandbox.Diagnostics;
using McpGate.Sandbox.Faults;
using McpGate.Sandbox.Metrics;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpGate.Sandbox.Api;

/// <summary>The whole HTTP surface: authentication, discovery, resources, and errors as v1.Status.</summary>
internal sealed class ApiRequestHandler
{
    private readonly Authenticator _authenticator;
    private readonly DiscoveryDocuments _discovery;
    private readonly OpenApiDocuments _openApi;
    private readonly ResourceEndpoint _resources;
    private readonly MetricsApi _metrics;
    private readonly ObjectService _objects;
    private readonly SandboxFaults _faults;
    private readonly RequestCounter _counter;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public ApiRequestHandler(Authenticator authenticator, ObjectService objects, SandboxFaults faults, RequestCounter counter, TimeProvider timeProvider, TimeSpan bookmarkInterval, bool serveMetrics, ILogger logger)
    {
        _authenticator = authenticator;
        _faults = faults;
        _counter = counter;
        _timeProvider = timeProvider;
        _objects = objects;
        _metrics = new MetricsApi(objects, serveMetrics);
        _discovery = new DiscoveryDocuments(objects.Registry, _metrics);
        _openApi = new OpenApiDocuments(objects.Registry);
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

            var user = _authenticator.Authenticate(context);
            if (user is null)
            {
                SandboxLog.Unauthorized(_logger, request.Method, path);
                await HttpJson.WriteStatusAsync(context, ApiErrors.Unauthorized(), cancellationToken).ConfigureAwait(false);
                return;
            }

            if (MetricsApi.Owns(path))
            {
                await _metrics.HandleAsync(context, user, cancellationToken).ConfigureAwait(false);
            }
            else if (HttpMethods.IsGet(request.Method)
                && (_discovery.Find(path, $"{request.Host.Host}:{request.Host.Port}") ?? _openApi.Find(path)) is { } document)
            {
                await HttpJson.WriteAsync(context, 200, document, cancellationToken).ConfigureAwait(false);
            }
            else if (RequestTarget.Parse(path, _objects.Registry) is { } target)
            {
                if (ReviewResources.IsReview(target.Definition))
                {
                    await ReviewEndpoint.HandleAsync(context, target.Definition, user, _objects.Now, cancellationToken).ConfigureAwait(false);
                    return;
                }

                Authorize(user, request, target);
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

    private static void Authorize(SandboxUser user, HttpRequest request, RequestTarget target)
    {
        var isWatch = request.Query["watch"].ToString() is "true" or "1";
        var verb = Authorizer.VerbOf(request.Method, target.Name is not null, isWatch);
        var definition = target.Definition;
        var resource = target.Subresource is null ? definition.Plural : $"{definition.Plural}/{target.Subresource}";
        if (!Authorizer.IsAllowed(user, verb, definition.Group, definition.Plural))
        {
            throw new ApiException(ApiErrors.Forbidden(user.Name, verb, definition.Group, resource, target.Name, definition.Namespaced ? target.Namespace : null));
        }
    }
}
