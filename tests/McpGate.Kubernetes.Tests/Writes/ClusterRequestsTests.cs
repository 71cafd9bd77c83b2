using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Tests.Writes;

/// <summary>The exact bodies the port sends for each precondition; the caller's objects are never changed.</summary>
public sealed class ClusterRequestsTests
{
    private static readonly ResourceRef s_cm = new() { Group = string.Empty, Version = "v1", Resource = "configmaps", Namespace = "demo", Name = "cm" };

    [Fact]
    public void PatchBody_JsonPatchWithResourceVersion_LeadsWithATestOperation()
    {
        var operations = new JsonArray(new JsonObject { ["op"] = "remove", ["path"] = "/data/k" });

        var body = ClusterRequests.PatchBody(new PatchRequest { Type = PatchType.Json, Patch = operations, ResourceVersion = "41" });

        body.ToJsonString().Should().Be("""[{"op":"test","path":"/metadata/resourceVersion","value":"41"},{"op":"remove","path":"/data/k"}]""");
        operations.Should().ContainSingle();
    }

    [Fact]
    public void PatchBody_JsonPatchWithoutResourceVersion_IsSentAsGiven() =>
        ClusterRequests.PatchBody(new PatchRequest { Type = PatchType.Json, Patch = new JsonArray(new JsonObject { ["op"] = "remove", ["path"] = "/a" }) })
            .ToJsonString().Should().Be("""[{"op":"remove","path":"/a"}]""");

    [Theory]
    [InlineData(PatchType.Merge)]
    [InlineData(PatchType.StrategicMerge)]
    public void PatchBody_ObjectPatchWithResourceVersion_CarriesItInMetadata(PatchType type)
    {
        var patch = new JsonObject { ["data"] = new JsonObject { ["k"] = "v" } };

        var body = ClusterRequests.PatchBody(new PatchRequest { Type = type, Patch = patch, ResourceVersion = "7" });

        body.ToJsonString().Should().Be("""{"data":{"k":"v"},"metadata":{"resourceVersion":"7"}}""");
        patch["metadata"].Should().BeNull();
    }

    [Fact]
    public void ApplyBody_FillsNameAndNamespaceAndSetsThePrecondition()
    {
        var manifest = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["data"] = new JsonObject { ["k"] = "v" } };

        var body = ClusterRequests.ApplyBody(s_cm, new ApplyRequest { Manifest = manifest, ResourceVersion = "9" });

        body.ToJsonString().Should().Be("""{"apiVersion":"v1","kind":"ConfigMap","data":{"k":"v"},"metadata":{"name":"cm","namespace":"demo","resourceVersion":"9"}}""");
        manifest["metadata"].Should().BeNull();
    }

    [Fact]
    public void ApplyBody_OwnResourceVersionDisagreeingWithThePrecondition_Refused()
    {
        var manifest = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["resourceVersion"] = "3" } };

        var act = () => ClusterRequests.ApplyBody(s_cm, new ApplyRequest { Manifest = manifest, ResourceVersion = "9" });

        act.Should().Throw<InvalidClusterRequestException>().Which.Field.Should().Be("manifest.metadata.resourceVersion");
    }

    [Fact]
    public void CreateBody_NoNameAnywhere_RefusedUnlessGenerateName()
    {
        var collection = s_cm.WithName(null);
        var generated = new JsonObject { ["metadata"] = new JsonObject { ["generateName"] = "cm-" } };

        var act = () => ClusterRequests.CreateBody(collection, new CreateRequest { Body = new JsonObject() });

        act.Should().Throw<InvalidClusterRequestException>().Which.Field.Should().Be("body.metadata.name");
        ClusterRequests.CreateBody(collection, new CreateRequest { Body = generated })["metadata"]!["namespace"]!.GetValue<string>().Should().Be("demo");
    }

    [Fact]
    public void DeleteOptions_MapsPropagationAndPreconditions()
    {
        var options = ClusterRequests.DeleteOptions(
            new DeleteRequest { Propagation = DeletePropagation.Foreground, Preconditions = new DeletePreconditions { ResourceVersion = "5" } }, dryRun: true);

        options.PropagationPolicy.Should().Be(McpGate.Kubernetes.Api.KubePropagationPolicy.Foreground);
        options.Preconditions!.ResourceVersion.Should().Be("5");
        options.Preconditions.Uid.Should().BeNull();
        options.DryRun.Should().BeTrue();
        ClusterRequests.DeleteOptions(new DeleteRequest { Preconditions = new DeletePreconditions() }, dryRun: false).Preconditions.Should().BeNull();
    }
}
