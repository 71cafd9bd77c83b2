using System.Text.Json.Nodes;
using McpGate.Sandbox.Api.Patching;

namespace McpGate.Sandbox.Tests.Api.Patching;

public sealed class StrategicMergePatchTests
{
    private static JsonNode Pod() => JsonNode.Parse("""
        {"spec":{"containers":[
          {"name":"web","image":"nginx:1.27","ports":[{"containerPort":80}],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
          {"name":"sidecar","image":"envoy:1"}],
         "volumes":[{"name":"data","emptyDir":{}}]}}
        """)!;

    [Fact]
    public void Apply_MergesContainersByName_KeepingOtherFields()
    {
        var patched = StrategicMergePatch.Apply(Pod(), JsonNode.Parse("""{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}"""))!;

        var containers = patched["spec"]!["containers"]!.AsArray();
        containers.Should().HaveCount(2);
        ((string)containers[0]!["image"]!).Should().Be("nginx:1.28");
        containers[0]!["ports"]!.AsArray().Should().HaveCount(1);
        ((string)containers[1]!["name"]!).Should().Be("sidecar");
    }

    [Fact]
    public void Apply_MergesEnvByName_AndDeletesWithPatchDirective()
    {
        var patch = JsonNode.Parse("""{"spec":{"containers":[{"name":"web","env":[{"name":"B","value":"20"},{"name":"A","$patch":"delete"},{"name":"C","value":"3"}]}]}}""");

        var env = StrategicMergePatch.Apply(Pod(), patch)!["spec"]!["containers"]![0]!["env"]!.AsArray();

        env.Select(e => $"{e!["name"]}={e["value"]}").Should().Equal("B=20", "C=3");
    }

    [Fact]
    public void Apply_PatchDeleteOnContainer_RemovesIt_AndNullRemovesAField()
    {
        var patch = JsonNode.Parse("""{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}],"volumes":null}}""");

        var spec = StrategicMergePatch.Apply(Pod(), patch)!["spec"]!;

        spec["containers"]!.AsArray().Should().ContainSingle();
        spec["volumes"].Should().BeNull();
    }

    [Fact]
    public void Apply_ServicePorts_MergeByPort()
    {
        var service = JsonNode.Parse("""{"spec":{"ports":[{"port":80,"targetPort":8080},{"port":443}]}}""");

        var ports = StrategicMergePatch.Apply(service, JsonNode.Parse("""{"spec":{"ports":[{"port":80,"targetPort":9090}]}}"""))!["spec"]!["ports"]!.AsArray();

        ports.Should().HaveCount(2);
        ((int)ports[0]!["targetPort"]!).Should().Be(9090);
    }
}
