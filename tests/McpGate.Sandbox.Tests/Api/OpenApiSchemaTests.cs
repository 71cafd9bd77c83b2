using System.Text.Json.Nodes;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Api;

/// <summary>The OpenAPI v3 documents describe every served kind, and a client can walk a field path through them.</summary>
public sealed class OpenApiSchemaTests : IClassFixture<SandboxFixture>
{
    private const string RefPrefix = "#/components/schemas/";
    private readonly SandboxFixture _fixture;

    public OpenApiSchemaTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Documents_EveryServedKind_HasASchemaWhoseReferencesResolve()
    {
        using var client = _fixture.CreateHttpClient();
        var index = await SandboxApi.GetAsync(client, "/openapi/v3");

        var kinds = new List<string>();
        foreach (var (key, entry) in index["paths"]!.AsObject())
        {
            var document = await SandboxApi.GetAsync(client, (string)entry!["serverRelativeURL"]!);
            var schemas = document["components"]!["schemas"]!.AsObject();
            var groupVersion = key.StartsWith("api/", StringComparison.Ordinal) ? key[4..] : key[5..];
            var served = (await SandboxApi.GetAsync(client, "/" + key))["resources"]!.AsArray()
                .Where(r => !((string)r!["name"]!).Contains('/', StringComparison.Ordinal))
                .Select(r => (string)r!["kind"]!);
            foreach (var kind in served)
            {
                schemas.Should().Contain(s => Declares(s.Value!, groupVersion, kind), $"{groupVersion} {kind} needs a schema for kubectl explain");
                kinds.Add(kind);
            }

            References(document).Should().AllSatisfy(r => schemas.ContainsKey(r[RefPrefix.Length..]).Should().BeTrue($"{key} refers to {r}"));
        }

        kinds.Should().Contain(["Pod", "Deployment", "Node", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress", "CronJob", "Event"]);
    }

    [Fact]
    public async Task Document_Apps_WalksDeploymentToAContainersLimits()
    {
        using var client = _fixture.CreateHttpClient();
        var index = await SandboxApi.GetAsync(client, "/openapi/v3");
        var document = await SandboxApi.GetAsync(client, (string)index["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!);
        var schemas = document["components"]!["schemas"]!.AsObject();

        var deployment = schemas.Single(s => Declares(s.Value!, "apps/v1", "Deployment")).Value!;
        var replicas = Walk(schemas, deployment, "spec", "replicas");
        var containers = Walk(schemas, deployment, "spec", "template", "spec", "containers");
        var limits = Walk(schemas, Resolve(schemas, containers["items"]!), "resources", "limits");

        replicas["type"]!.GetValue<string>().Should().Be("integer");
        replicas["format"]!.GetValue<string>().Should().Be("int32");
        replicas["description"]!.GetValue<string>().Should().StartWith("Number of desired pods.");
        containers["type"]!.GetValue<string>().Should().Be("array");
        Resolve(schemas, containers["items"]!)["required"]!.AsArray().Select(r => (string)r!).Should().Equal("name");
        limits["type"]!.GetValue<string>().Should().Be("object");
        limits["additionalProperties"]!["$ref"]!.GetValue<string>().Should().Be(RefPrefix + "io.k8s.apimachinery.pkg.api.resource.Quantity");
        Resolve(schemas, deployment["properties"]!["metadata"]!)["properties"]!.AsObject().Should().ContainKeys("name", "namespace", "labels", "ownerReferences");
    }

    private static bool Declares(JsonNode schema, string groupVersion, string kind) =>
        (schema["x-kubernetes-group-version-kind"] as JsonArray ?? []).Any(g =>
            (string?)g!["kind"] == kind
            && ((string)g["group"]! is var group && (group.Length == 0 ? (string)g["version"]! : $"{group}/{g["version"]}") == groupVersion));

    /// <summary>Follows properties from a schema, resolving allOf/$ref wrappers at each step; returns the last property as written.</summary>
    private static JsonNode Walk(JsonObject schemas, JsonNode schema, params string[] path)
    {
        var property = schema;
        foreach (var field in path)
        {
            property = Resolve(schemas, property)["properties"]![field]!;
        }

        return property;
    }

    private static JsonNode Resolve(JsonObject schemas, JsonNode schema) =>
        schema["$ref"] is { } reference ? schemas[((string)reference!)[RefPrefix.Length..]]!
        : schema["allOf"] is JsonArray allOf ? Resolve(schemas, allOf[0]!)
        : schema;

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key == "$ref" ? [(string)p.Value!] : References(p.Value)),
        JsonArray array => array.SelectMany(References),
        _ => [],
    };
}
