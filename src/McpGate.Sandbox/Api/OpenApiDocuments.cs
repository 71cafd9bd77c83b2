using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Collections.Concurrent;
using McpGate.Sandbox.Api.OpenApi;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Api;

/// <summary>
/// A compact OpenAPI v3: the /openapi/v3 index and one document per group/version whose PATCH
/// operations carry x-kubernetes-group-version-kind and the fieldValidation parameter. That is what
/// kubectl (1.27+) checks before it trusts the server with validation (server-side field
/// validation) instead of downloading schemas; so apply and create work without --validate=false.
/// components.schemas describe every served kind (<see cref="SchemaCatalog"/>), so kubectl explain works.
/// </summary>
internal sealed class OpenApiDocuments
{
    private readonly ResourceRegistry _registry;
    private readonly ConcurrentDictionary<string, (JsonObject Document, string Hash)> _documents = new(StringComparer.Ordinal);

    public OpenApiDocuments(ResourceRegistry registry)
    {
        _registry = registry;
    }

    public JsonObject? Find(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["openapi", "v3"] => Index(),
            ["openapi", "v3", "api", "v1"] => Cached("v1").Document.DeepClone().AsObject(),
            ["openapi", "v3", "apis", var group, var version] when _registry.InGroupVersion($"{group}/{version}").Any() => Cached($"{group}/{version}").Document.DeepClone().AsObject(),
            _ => null,
        };
    }

    private JsonObject Index()
    {
        var paths = new JsonObject();
        foreach (var groupVersion in _registry.GroupVersions.Where(gv => _registry.InGroupVersion(gv).Any()))
        {
            var key = groupVersion.Contains('/', StringComparison.Ordinal) ? $"apis/{groupVersion}" : $"api/{groupVersion}";
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={Cached(groupVersion).Hash}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The registry never changes after start, so each document is built (and hashed) once.</summary>
    private (JsonObject Document, string Hash) Cached(string groupVersion) =>
        _documents.GetOrAdd(groupVersion, gv =>
        {
            var document = Document(gv);
            return (document, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(document.ToJsonString()))));
        });

    private JsonObject Document(string groupVersion)
    {
        var paths = new JsonObject();
        foreach (var definition in _registry.InGroupVersion(groupVersion).Where(d => d.Supports("patch")))
        {
            var prefix = definition.Group.Length == 0 ? "/api/v1" : $"/apis/{definition.ApiVersion}";
            var scope = definition.Namespaced ? "/namespaces/{namespace}" : string.Empty;
            paths[$"{prefix}{scope}/{definition.Plural}/{{name}}"] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = $"patch{definition.Kind}",
                    ["x-kubernetes-action"] = "patch",
                    ["x-kubernetes-group-version-kind"] = new JsonObject
                    {
                        ["group"] = definition.Group,
                        ["version"] = definition.Version,
                        ["kind"] = definition.Kind,
                    },
                    ["parameters"] = new JsonArray(
                        Query("dryRun"), Query("fieldManager"), Query("fieldValidation"), Query("force")),
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0-mcpgate-sandbox" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = SchemaCatalog.Instance.SchemasFor(groupVersion) },
        };
    }

    private static JsonObject Query(string name) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };
}
