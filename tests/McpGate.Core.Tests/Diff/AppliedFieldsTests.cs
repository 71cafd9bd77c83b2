using System.Text.Json.Nodes;
using McpGate.Core.Diff;

namespace McpGate.Core.Tests.Diff;

public sealed class AppliedFieldsTests
{
    private const string Pod = """{"spec":{"template":{"spec":""";

    /// <summary>A patch or applied object, against <see cref="KubeObjects.Deployment"/>; the paths that do not hold.</summary>
    public static TheoryData<string, string[]> Cases => new()
    {
        { """{"spec":{"replicas":2}}""", [] },
        { """{"spec":{"replicas":5}}""", ["spec.replicas"] },
        { """{"spec":{"replicas":2.0}}""", [] },
        { """{"spec":{"replicas":2e0}}""", [] },
        { """{"spec":{"replicas":"2"}}""", ["spec.replicas"] },
        { """{"spec":{"paused":null}}""", [] },
        { """{"spec":{"replicas":null}}""", ["spec.replicas"] },
        { """{"metadata":{"annotations":{"gone":null,"deployment.kubernetes.io/revision":"3"}}}""", [] },
        { """{"metadata":{"annotations":{"deployment.kubernetes.io/revision":null}}}""", ["""metadata.annotations["deployment.kubernetes.io/revision"]"""] },
        { """{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-11-30T12:00:00Z"}}}}}""", ["""spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"]"""] },
        { """{"metadata":{"labels":{}}}""", [] },
        { """{"spec":{"replicas":{"min":1}}}""", ["spec.replicas"] },
        { """{"spec":{"selector":7}}""", ["spec.selector"] },

        // a strategic patch naming one of the two containers, by name
        { Pod + """{"containers":[{"name":"sidecar","image":"envoy:1.30"}]}}}}""", [] },
        { Pod + """{"containers":[{"name":"sidecar","image":"envoy:1.31"}]}}}}""", ["spec.template.spec.containers[name=sidecar].image"] },
        { Pod + """{"containers":[{"name":"web","image":"nginx:1.27"},{"name":"sidecar","image":"envoy:1.30"}]}}}}""", [] },
        { Pod + """{"containers":[{"name":"sidecar","image":"envoy:1.30"},{"name":"web","image":"nginx:1.27"}]}}}}""", [] },
        { Pod + """{"containers":[{"name":"cache","image":"redis:7"}]}}}}""", ["spec.template.spec.containers[name=cache]"] },
        { Pod + """{"containers":[{"name":"web","env":[{"name":"LOG","value":"info"}]}]}}}}""", [] },
        { Pod + """{"containers":[{"name":"web","env":[{"name":"LOG","value":"debug"}]}]}}}}""", ["spec.template.spec.containers[name=web].env[name=LOG].value"] },
        { Pod + """{"containers":[{"name":"web","ports":[{"containerPort":80}]}]}}}}""", [] },
        { Pod + """{"containers":[{"name":"web","ports":[{"containerPort":80,"protocol":"UDP"}]}]}}}}""", ["spec.template.spec.containers[name=web].ports[containerPort=80,protocol=UDP]"] },
        { Pod + """{"containers":[{"name":"web","volumeMounts":[{"mountPath":"/data","name":"data"}]}]}}}}""", [] },
        { Pod + """{"containers":[{"name":"web","args":["--port","80"]}]}}}}""", [] },
        { Pod + """{"containers":[{"name":"web","args":["--port"]}]}}}}""", ["spec.template.spec.containers[name=web].args"] },
        { Pod + """{"containers":[{"name":"web","args":["--port","81"]}]}}}}""", ["spec.template.spec.containers[name=web].args[1]"] },
        { Pod + """{"tolerations":[{"key":"spot","operator":"Exists"}]}}}}""", [] },
        { Pod + """{"tolerations":[]}}}}""", ["spec.template.spec.tolerations"] },
        { Pod + """{"volumes":[{"name":"data","emptyDir":{}}]}}}}""", [] },

        // strategic-merge directives
        { Pod + """{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}""", ["spec.template.spec.containers[name=sidecar]"] },
        { Pod + """{"containers":[{"name":"cache","$patch":"delete"}]}}}}""", [] },
        { Pod + """{"containers":[{"name":"web","$patch":"merge","image":"nginx:1.27"}]}}}}""", [] },
        { Pod + """{"affinity":{"$patch":"delete"}}}}}""", [] },
        { Pod + """{"volumes":[{"$patch":"delete","name":"data"}]}}}}""", ["spec.template.spec.volumes[name=data]"] },
        { Pod + """{"$setElementOrder/containers":[{"name":"web"},{"name":"sidecar"}]}}}}""", [] },
        { Pod + """{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"web"}]}}}}""", ["spec.template.spec.containers.$order"] },
        { Pod + """{"$setElementOrder/containers":[{"name":"cache"},{"name":"web"}]}}}}""", [] },
        { Pod + """{"volumes":[{"name":"data","$retainKeys":["name","emptyDir"],"emptyDir":{}}]}}}}""", [] },
        { Pod + """{"volumes":[{"name":"data","$retainKeys":["name","configMap"],"configMap":{"name":"c"}}]}}}}""", ["spec.template.spec.volumes[name=data].emptyDir", "spec.template.spec.volumes[name=data].configMap.name"] },
        { Pod + """{"containers":[{"name":"web","$deleteFromPrimitiveList/args":["80"]}]}}}}""", ["spec.template.spec.containers[name=web].args[1]"] },
        { Pod + """{"containers":[{"name":"web","$deleteFromPrimitiveList/args":["--debug"]}]}}}}""", [] },

        // what the server owns never counts against the write
        { """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"demo","resourceVersion":"7","uid":"x","generation":1,"creationTimestamp":null,"managedFields":[]},"spec":{"replicas":2},"status":{"replicas":9}}""", [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Mismatches_AgainstTheDeployment_NameTheFieldsThatDoNotHold(string applied, string[] expected)
    {
        var mismatches = AppliedFields.Mismatches(KubeObjects.Parse(applied), KubeObjects.Web());

        mismatches.Select(m => m.Path).Should().Equal(expected);
        AppliedFields.Hold(KubeObjects.Parse(applied), KubeObjects.Web()).Should().Be(expected.Length == 0);
    }

    [Fact]
    public void Hold_StrategicPatchOfOneContainer_HoldsWhateverItsIndex()
    {
        var patch = KubeObjects.Parse(Pod + """{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}""");
        var moved = KubeObjects.Web(d =>
        {
            var containers = KubeObjects.Containers(d);
            var web = containers[0]!;
            containers.RemoveAt(0);
            web["image"] = "nginx:1.28";
            containers.Add(web);
        });

        AppliedFields.Hold(patch, moved).Should().BeTrue();
        AppliedFields.Hold(patch, KubeObjects.Web()).Should().BeFalse("the container named web still runs nginx:1.27");
    }

    [Fact]
    public void Mismatches_ChangedValue_GiveTheCurrentValueAndTheAppliedOne()
    {
        var patch = KubeObjects.Parse(Pod + """{"containers":[{"name":"web","image":"nginx:1.28"},{"name":"cache","image":"redis:7"}]}}}}""");

        var mismatches = AppliedFields.Mismatches(patch, KubeObjects.Web());

        mismatches.Should().HaveCount(2);
        mismatches[0].ToString().Should().Be("spec.template.spec.containers[name=web].image: \"nginx:1.27\" -> \"nginx:1.28\"");
        mismatches[1].Path.Should().Be("spec.template.spec.containers[name=cache]");
        mismatches[1].From.Should().BeNull();
        JsonNode.DeepEquals(mismatches[1].To, JsonNode.Parse("""{"name":"cache","image":"redis:7"}""")).Should().BeTrue();
    }

    [Fact]
    public void Mismatches_DuplicateNamesInTheCurrentList_RequireEveryDuplicateToHold()
    {
        var current = KubeObjects.Web(d => KubeObjects.Containers(d).Add(new JsonObject { ["name"] = "sidecar", ["image"] = "envoy:1.29" }));
        var patch = KubeObjects.Parse(Pod + """{"containers":[{"name":"sidecar","image":"envoy:1.30"}]}}}}""");

        AppliedFields.Mismatches(patch, current).Select(m => m.ToString())
            .Should().Equal("spec.template.spec.containers[name=sidecar].image: \"envoy:1.29\" -> \"envoy:1.30\"");
    }

    [Fact]
    public void Hold_MergePatchReplacingAListMapWithoutKeys_ComparesByIndex()
    {
        var patch = KubeObjects.Parse(Pod + """{"containers":[{"image":"nginx:1.27"},{"image":"envoy:1.30"}]}}}}""");

        AppliedFields.Hold(patch, KubeObjects.Web()).Should().BeTrue("element 0 and 1 have those images");
        AppliedFields.Mismatches(KubeObjects.Parse(Pod + """{"containers":[{"image":"envoy:1.30"},{"image":"nginx:1.27"}]}}}}"""), KubeObjects.Web())
            .Select(m => m.Path).Should().Equal("spec.template.spec.containers[0].image", "spec.template.spec.containers[1].image");
    }

    [Fact]
    public void Hold_ServicePortWithoutProtocol_MatchesTheTcpPortByPortAndProtocol()
    {
        var service = KubeObjects.Parse("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
             "spec":{"ports":[{"port":53,"protocol":"UDP","targetPort":5353},{"port":53,"protocol":"TCP","targetPort":5354}]}}
            """);

        AppliedFields.Hold(KubeObjects.Parse("""{"spec":{"ports":[{"port":53,"targetPort":5354}]}}"""), service).Should().BeTrue();
        AppliedFields.Mismatches(KubeObjects.Parse("""{"spec":{"ports":[{"port":53,"protocol":"UDP","targetPort":5354}]}}"""), service)
            .Select(m => m.Path).Should().Equal("spec.ports[port=53,protocol=UDP].targetPort");
    }

    /// <summary>A quantity a write set, against what the server stored; whether it holds.</summary>
    public static TheoryData<string, string, bool> Quantities => new()
    {
        { "0.5", "\"500m\"", true },
        { "\"0.5\"", "\"500m\"", true },
        { "1", "\"1\"", true },
        { "\"1000m\"", "\"1\"", true },
        { "\"1024Mi\"", "\"1Gi\"", true },
        { "\"1536Mi\"", "\"1.5Gi\"", true },
        { "\"1e3\"", "\"1k\"", true },
        { "\"1E\"", "\"1000P\"", true },
        { "\"+2\"", "\"2\"", true },
        { "\"1Gi\"", "\"1G\"", false },
        { "\"501m\"", "\"0.5\"", false },
        { "\"1\"", "null", false },
        { "\"lots\"", "\"lots\"", true },
        { "\"lots\"", "\"1\"", false },
        { "\"1e99\"", "\"1e99\"", true },
    };

    [Theory]
    [MemberData(nameof(Quantities))]
    public void Hold_ResourceQuantity_ComparesByValue(string applied, string stored, bool holds)
    {
        var current = KubeObjects.Web(d => KubeObjects.Container(d, "web")["resources"] = new JsonObject
        {
            ["limits"] = new JsonObject { ["cpu"] = JsonNode.Parse(stored) },
        });
        var patch = KubeObjects.Parse(Pod + """{"containers":[{"name":"web","resources":{"limits":{"cpu":""" + applied + "}}}]}}}}");

        AppliedFields.Hold(patch, current).Should().Be(holds);
    }

    [Fact]
    public void Hold_QuantityOutsideResources_ComparesAsJson()
    {
        var current = KubeObjects.Web(d => KubeObjects.Container(d, "web")["limits"] = new JsonObject { ["cpu"] = "500m" });

        AppliedFields.Hold(KubeObjects.Parse(Pod + """{"containers":[{"name":"web","limits":{"cpu":"0.5"}}]}}}}"""), current).Should().BeFalse();
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { Pod + """{"containers":[{"$patch":"replace"}]}}}}""", "spec.template.spec.containers: \"$patch\": \"replace\" is not supported" },
        { Pod + """{"containers":[{"name":"web","$patch":"replace"}]}}}}""", "spec.template.spec.containers: \"$patch\": \"replace\" is not supported" },
        { Pod + """{"affinity":{"$patch":"replace","nodeAffinity":{}}}}}}""", "spec.template.spec.affinity: \"$patch\": \"replace\" is not supported" },
        { Pod + """{"affinity":{"$patch":"remove"}}}}}""", "spec.template.spec.affinity: \"$patch\": \"remove\" is not a strategic-merge directive" },
        { Pod + """{"affinity":{"$patch":true}}}}}""", "spec.template.spec.affinity: \"$patch\" must be a string" },
        { Pod + """{"tolerations":[{"key":"spot","$patch":"delete"}]}}}}""", "spec.template.spec.tolerations: \"$patch\" in a list that is not a list-map" },
        { Pod + """{"containers":[{"image":"x","$patch":"delete"}]}}}}""", "spec.template.spec.containers: \"$patch\": \"delete\" on an element without its keys (name)" },
        { Pod + """{"$retainKeys":"containers"}}}}""", "spec.template.spec: \"$retainKeys\" must be a list of field names" },
        { Pod + """{"$setElementOrder/containers":[{"image":"x"}]}}}}""", "spec.template.spec: \"$setElementOrder/containers\" names an element" },
        { Pod + """{"$deleteFromPrimitiveList/args":[{"a":1}]}}}}""", "spec.template.spec: \"$deleteFromPrimitiveList/args\" must be a list of scalars" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Hold_DirectiveItCannotCheck_RefusesNamingThePath(string applied, string message)
    {
        var hold = () => AppliedFields.Hold(KubeObjects.Parse(applied), KubeObjects.Web());

        hold.Should().Throw<UnsupportedPatchDirectiveException>().Which.Message.Should().StartWith(message);
    }

    [Fact]
    public void Hold_NestedDeeperThanItChecks_RefusesInsteadOfOverflowing()
    {
        var deep = new JsonObject();
        var node = deep;
        for (var i = 0; i < 150; i++)
        {
            var child = new JsonObject();
            node["a"] = child;
            node = child;
        }

        var hold = () => AppliedFields.Hold(deep, KubeObjects.Web());

        hold.Should().Throw<UnsupportedPatchDirectiveException>().Which.Message.Should().Contain("nested deeper than 100 levels");
    }
}
