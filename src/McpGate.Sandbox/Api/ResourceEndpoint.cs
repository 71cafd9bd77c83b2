using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;
using Microsoft.AspNetCore.Http;

namespace McpGate.Sandbox.Api;

/// <summary>The REST verbs on resource URLs: get, list, create, update, patch, delete, and subresources.</summary>
internal sealed partial class ResourceEndpoint
{
    private readonly ObjectService _objects;
    private readonly TimeSpan _bookmarkInterval;

    public ResourceEndpoint(ObjectService objects, TimeSpan bookmarkInterval)
    {
        _objects = objects;
        _bookmarkInterval = bookmarkInterval;
    }

    public Task HandleAsync(HttpContext context, RequestTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(target);
        var method = context.Request.Method;
        if (IsWatch(context.Request) && HttpMethods.IsGet(method) && target.Subresource is null)
        {
            return WatchAsync(context, target, cancellationToken);
        }

        var subresource = target.Subresource is null
            ? null
            : target.Definition.FindSubresource(target.Subresource) ?? throw new ApiException(ApiErrors.PathNotFound());
        if (target.Name is null)
        {
            return method switch
            {
                "GET" => ListAsync(context, target, cancellationToken),
                "POST" => CreateAsync(context, target, cancellationToken),
                _ => throw new ApiException(ApiErrors.MethodNotAllowed()),
            };
        }

        if (subresource is Resources.Core.PodLogSubresource && HttpMethods.IsGet(method))
        {
            return PodLogs.WriteAsync(context, _objects.Get(target.Definition, target.Namespace, target.Name), _objects.Now, cancellationToken);
        }

        if (subresource is Resources.Policy.EvictionSubresource)
        {
            return HttpMethods.IsPost(method) ? EvictAsync(context, target, cancellationToken) : throw new ApiException(ApiErrors.MethodNotAllowed());
        }

        if (subresource is not null)
        {
            return method switch
            {
                "GET" => GetSubresourceAsync(context, target, subresource, cancellationToken),
                "PUT" => ReplaceSubresourceAsync(context, target, subresource, cancellationToken),
                "PATCH" => PatchSubresourceAsync(context, target, subresource, cancellationToken),
                _ => throw new ApiException(ApiErrors.MethodNotAllowed()),
            };
        }

        return method switch
        {
            "GET" => GetAsync(context, target, cancellationToken),
            "PUT" => ReplaceAsync(context, target, cancellationToken),
            "PATCH" => PatchAsync(context, target, cancellationToken),
            "DELETE" => DeleteAsync(context, target, cancellationToken),
            _ => throw new ApiException(ApiErrors.MethodNotAllowed()),
        };
    }

    private async Task ListAsync(HttpContext context, RequestTarget target, CancellationToken cancellationToken)
    {
        Require(target, "list");
        var labels = LabelSelector.Parse(context.Request.Query["labelSelector"]);
        var fields = FieldSelector.Parse(context.Request.Query["fieldSelector"]);
        var (items, revision) = _objects.List(target.Definition, target.Namespace);
        var page = ListPage.Select(
            items.Where(i => labels.Matches(i) && fields.Matches(i)),
            revision,
            context.Request.Query["limit"],
            context.Request.Query["continue"]);
        if (Tables.TableWriter.IsRequested(context.Request.Headers.Accept))
        {
            var table = Tables.TableWriter.Write(target.Definition, page.Items, page.Revision, _objects.Now);
            page.Annotate(table["metadata"] as JsonObject ?? (JsonObject)(table["metadata"] = new JsonObject()));
            await HttpJson.WriteAsync(context, 200, table, cancellationToken).ConfigureAwait(false);
            return;
        }

        var list = new JsonArray();
        foreach (var item in page.Items)
        {
            list.Add((JsonNode)item);
        }

        var metadata = new JsonObject { ["resourceVersion"] = page.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        page.Annotate(metadata);
        var body = new JsonObject
        {
            ["kind"] = target.Definition.ListKind,
            ["apiVersion"] = target.Definition.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = list,
        };
        await HttpJson.WriteAsync(context, 200, body, cancellationToken).ConfigureAwait(false);
    }

    private async Task GetAsync(HttpContext context, RequestTarget target, CancellationToken cancellationToken)
    {
        Require(target, "get");
        var obj = _objects.Get(target.Definition, target.Namespace, target.Name!);
        if (Tables.TableWriter.IsRequested(context.Request.Headers.Accept))
        {
            var revision = JsonFields.Integer(obj, "metadata", "resourceVersion") ?? _objects.Store.Revision;
            var table = Tables.TableWriter.Write(target.Definition, [obj], revision, _objects.Now);
            await HttpJson.WriteAsync(context, 200, table, cancellationToken).ConfigureAwait(false);
            return;
        }

        await HttpJson.WriteAsync(context, 200, obj, cancellationToken).ConfigureAwait(false);
    }

    private async Task GetSubresourceAsync(HttpContext context, RequestTarget target, ISubresource subresource, CancellationToken cancellationToken)
    {
        var obj = _objects.Get(target.Definition, target.Namespace, target.Name!);
        await HttpJson.WriteAsync(context, 200, subresource.Project(target.Definition, obj), cancellationToken).ConfigureAwait(false);
    }

    private static void Require(RequestTarget target, string verb)
    {
        if (!target.Definition.Supports(verb))
        {
            throw new ApiException(ApiErrors.MethodNotAllowed());
        }
    }

    private static bool IsWatch(HttpRequest request)
    {
        var watch = request.Query["watch"].ToString();
        return watch is "true" or "1";
    }

    /// <summary>dryRun=All runs everything but persistence; any other value is rejected as the API server does.</summary>
    private static bool IsDryRun(HttpRequest request)
    {
        var values = request.Query["dryRun"];
        if (values.Count == 0)
        {
            return false;
        }

        foreach (var value in values)
        {
            if (!string.Equals(value, "All", StringComparison.Ordinal))
            {
                throw new ApiException(ApiErrors.BadRequest($"dryRun: Unsupported value: \"{value}\": supported values: \"All\""));
            }
        }

        return true;
    }
}
