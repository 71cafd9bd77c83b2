using System.Text.Json;
using McpGate.Core.Manifests;

namespace McpGate.Core.Tests.Manifests;

/// <summary>The api_resources read options (api_group, namespaced, verb): where they are taken, their types, how calls fill them.</summary>
public sealed class ApiResourcesManifestTests
{
    private const string Tool = """
        name: api_resources
        title: API resources
        description: What the cluster serves.
        access: read
        risk: low
        parameters:
          group: { type: string, description: Group }
          scoped: { type: boolean, description: Namespaced }
          verb: { type: string, description: Verb }
        operation:
          action: api_resources
          query:
            api_group: '{group}'
            namespaced: '{scoped}'
            verb: '{verb}'
        """;

    public static TheoryData<string, bool?, string?> Calls => new()
    {
        { """{}""", null, null },
        { """{"scoped":true}""", true, null },
        { """{"scoped":false,"verb":"patch"}""", false, "patch" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public void Resolve_ApiResourcesOptions_FilledFromTheCallOrLeftUnset(string json, bool? namespaced, string? verb)
    {
        var tool = ManifestYaml.Load(("api.yaml", Tool)).Find("api_resources")!;
        var raw = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

        var query = OperationResolver.Resolve(tool, ArgumentBinder.Bind(tool, raw)).Query;

        query.Namespaced.Should().Be(namespaced);
        query.Verb.Should().Be(verb);
        query.ApiGroup.Should().BeNull();
    }

    [Theory]
    [InlineData("list", "namespaced: '{scoped}'", "operation.query.namespaced: list does not take it")]
    [InlineData("api_resources", "namespaced: '{group}'", "placeholder {group} is a string parameter, but namespaced takes a boolean")]
    [InlineData("api_resources", "namespaced: 'maybe'", "must be true or false (got \"maybe\")")]
    [InlineData("api_resources", "label_selector: '{group}'", "api_resources does not take it (it takes: api_group, namespaced, verb)")]
    public void Load_ApiResourcesOptionMisused_FailsNamingTheOption(string action, string option, string message)
    {
        var resource = action == "list" ? "\n  resource: v1/pods" : string.Empty;
        var yaml = $$"""
            name: api_resources
            title: API resources
            description: What the cluster serves.
            access: read
            risk: low
            parameters:
              group: { type: string, description: Group }
              scoped: { type: boolean, description: Namespaced }
            operation:
              action: {{action}}{{resource}}
              query:
                {{option}}
            """;

        ManifestYaml.Errors(("api.yaml", yaml)).Should().Contain(e => e.Contains(message, StringComparison.Ordinal));
    }
}
