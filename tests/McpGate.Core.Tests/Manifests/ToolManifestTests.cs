using System.Text.Json;
using McpGate.Core.Manifests;

namespace McpGate.Core.Tests.Manifests;

public sealed class ToolManifestTests
{
    [Fact]
    public void BuildInputSchema_ScaleDeployment_IsTheExactSchema()
    {
        var schema = ManifestYaml.Shipped("scale_deployment").BuildInputSchema();

        const string expected = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "properties": {
                "namespace": { "type": "string", "description": "Namespace of the deployment", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" },
                "name": { "type": "string", "description": "Name of the deployment", "pattern": "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$" },
                "replicas": { "type": "integer", "description": "Desired number of replicas", "minimum": 0, "maximum": 100 },
                "reason": { "type": "string", "description": "Why this change is needed (recorded in the ledger)" }
              },
              "required": ["namespace", "name", "replicas", "reason"],
              "additionalProperties": false
            }
            """;
        JsonSerializer.Serialize(schema).Should().Be(JsonSerializer.Serialize(JsonDocument.Parse(expected).RootElement));
    }

    [Fact]
    public void BuildInputSchema_EnumAndDefaults_KeepTheirTypes()
    {
        const string yaml = """
            name: list_pods
            title: List pods
            description: List pods.
            access: read
            risk: low
            parameters:
              phase: { type: string, enum: [Running, Pending], default: Running }
              limit: { type: integer, minimum: 1, default: 50 }
              ratio: { type: number, maximum: 0.5 }
              wide: { type: boolean, default: false }
            operation: { action: list, resource: v1/pods }
            """;

        var schema = ManifestYaml.Load(("p.yaml", yaml)).Tools.Single().BuildInputSchema();

        JsonSerializer.Serialize(schema.GetProperty("properties")).Should().Be(
            """{"phase":{"type":"string","enum":["Running","Pending"],"default":"Running"},"limit":{"type":"integer","minimum":1,"default":50},"ratio":{"type":"number","maximum":0.5},"wide":{"type":"boolean","default":false}}""");
        schema.GetProperty("required").GetArrayLength().Should().Be(0);
    }

    public static TheoryData<string, bool, bool, bool> ShippedHints => new()
    {
        { "list_deployments", true, false, true },
        { "get_deployment", true, false, true },
        { "pods_log", true, false, true },
        { "events_list", true, false, true },
        { "scale_deployment", false, true, true },
    };

    [Theory]
    [MemberData(nameof(ShippedHints))]
    public void Hints_ShippedTool_AreDerivedFromAccessAndAction(string tool, bool readOnly, bool destructive, bool idempotent)
    {
        ManifestYaml.Shipped(tool).Hints.Should().Be(new ToolHints
        {
            ReadOnly = readOnly,
            Destructive = destructive,
            Idempotent = idempotent,
            OpenWorld = false,
        });
    }
}
