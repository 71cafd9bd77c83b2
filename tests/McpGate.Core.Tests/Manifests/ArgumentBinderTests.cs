using System.Text.Json;
using McpGate.Core.Manifests;

namespace McpGate.Core.Tests.Manifests;

public sealed class ArgumentBinderTests
{
    private static readonly ToolManifest s_scale = ManifestYaml.Shipped("scale_deployment");

    private static Dictionary<string, JsonElement> Arguments(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    [Fact]
    public void Bind_ValidArguments_ReturnsTypedValuesInParameterOrder()
    {
        var bound = ArgumentBinder.Bind(s_scale, Arguments("""{"reason":"load","replicas":5,"name":"web","namespace":"demo"}"""));

        bound.Values.Keys.Should().Equal("namespace", "name", "replicas", "reason");
        bound["replicas"].Should().Be(5L);
        bound.GetString("name").Should().Be("web");
        bound.GetInteger("replicas").Should().Be(5);
    }

    public static TheoryData<string, string[]> InvalidArguments => new()
    {
        { """{"namespace":"demo","name":"web","replicas":500,"reason":"r"}""", ["replicas: must be at most 100 (got 500)"] },
        { """{"namespace":"demo","name":"web","replicas":-1,"reason":"r"}""", ["replicas: must be at least 0 (got -1)"] },
        { """{"namespace":"demo","name":"web","replicas":"five","reason":"r"}""", ["replicas: must be an integer (got string \"five\")"] },
        { """{"namespace":"demo","name":"web","replicas":"5","reason":"r"}""", ["replicas: must be an integer (got string \"5\")"] },
        { """{"namespace":"demo","name":"web","replicas":5.0,"reason":"r"}""", ["replicas: must be an integer (got number 5.0)"] },
        { """{"namespace":"demo","name":"web","replicas":5e0,"reason":"r"}""", ["replicas: must be an integer (got number 5e0)"] },
        { """{"namespace":"demo","name":"web","replicas":true,"reason":"r"}""", ["replicas: must be an integer (got boolean true)"] },
        { """{"namespace":"demo","replicas":5,"reason":"r"}""", ["name: is required"] },
        { """{"namespace":"demo","name":null,"replicas":5,"reason":"r"}""", ["name: is required"] },
        { """{"namespace":"Demo!","name":"web","replicas":5,"reason":"r"}""", ["namespace: must match the pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ as a whole value (got \"Demo!\")"] },
        { """{"namespace":"demo","name":["web"],"replicas":5,"reason":"r"}""", ["name: must be a string (got an array)"] },
        { """{"namespace":"demo","name":"web","replicas":"\ud800","reason":"r"}""", ["replicas: must be an integer (got a string with an unpaired surrogate)"] },
        {
            """{"namespace":"demo","name":"web","replicas":5,"reason":"r","colour":"red"}""",
            ["colour: is not a parameter of scale_deployment (known: namespace, name, replicas, reason)"]
        },
        {
            """{"colour":"red","replicas":500}""",
            [
                "colour: is not a parameter of scale_deployment (known: namespace, name, replicas, reason)",
                "namespace: is required", "name: is required", "replicas: must be at most 100 (got 500)", "reason: is required",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(InvalidArguments))]
    public void Bind_InvalidArguments_ReportsEveryError(string json, string[] expected)
    {
        var act = () => ArgumentBinder.Bind(s_scale, Arguments(json));

        var ex = act.Should().Throw<ArgumentValidationException>().Which;
        ex.Errors.Should().Equal(expected);
        ex.Tool.Should().Be("scale_deployment");
        ex.Message.Should().Contain(expected[0]);
    }

    [Fact]
    public void Bind_NoArguments_ReportsEveryRequiredParameter()
    {
        var act = () => ArgumentBinder.Bind(s_scale, null);

        act.Should().Throw<ArgumentValidationException>().Which.Errors.Should().HaveCount(4);
    }

    [Fact]
    public void Bind_OptionalParameters_ApplyDefaultsAndCheckEnumAndNumbers()
    {
        const string yaml = """
            name: list_pods
            title: List pods
            description: List pods.
            access: read
            risk: low
            parameters:
              phase: { type: string, enum: [Running, Pending], default: Running }
              ratio: { type: number, maximum: 0.5 }
              wide: { type: boolean, default: false }
            operation: { action: list, resource: v1/pods }
            """;
        var tool = ManifestYaml.Load(("p.yaml", yaml)).Tools.Single();

        ArgumentBinder.Bind(tool, Arguments("""{"ratio":0.25}""")).Values.Should().Equal(
            new Dictionary<string, object?> { ["phase"] = "Running", ["ratio"] = 0.25, ["wide"] = false });
        ArgumentBinder.Bind(tool, Arguments("""{"ratio":0}""")).Values["ratio"].Should().Be(0.0);
        var act = () => ArgumentBinder.Bind(tool, Arguments("""{"phase":"Gone","ratio":0.75,"wide":"yes"}"""));
        act.Should().Throw<ArgumentValidationException>().Which.Errors.Should().Equal(
            "phase: must be one of Running, Pending (got \"Gone\")",
            "ratio: must be at most 0.5 (got 0.75)",
            "wide: must be a boolean (got string \"yes\")");
    }
}
