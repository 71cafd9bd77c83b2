using System.Text.Json.Nodes;
using McpGate.Core.Diff;

namespace McpGate.Core.Tests.Diff;

public sealed class ObjectDiffTests
{
    private const string Web = """{"name":"web","image":"nginx:1.27"}""";
    private const string Sidecar = """{"name":"sidecar","image":"envoy:1.30"}""";

    /// <summary>Before, after (as JSON), and the diff lines as <c>path: from -> to</c>.</summary>
    public static TheoryData<string, string, string[]> Cases => new()
    {
        // scalars and numbers
        { """{"spec":{"replicas":2}}""", """{"spec":{"replicas":5}}""", ["spec.replicas: 2 -> 5"] },
        { """{"spec":{"replicas":2}}""", """{"spec":{"replicas":2.0}}""", [] },
        { """{"spec":{"ratio":0.5}}""", """{"spec":{"ratio":5e-1}}""", [] },
        { """{"spec":{"replicas":2}}""", """{"spec":{"replicas":"2"}}""", ["spec.replicas: 2 -> \"2\""] },
        { """{"spec":{"paused":false}}""", """{"spec":{"paused":true}}""", ["spec.paused: false -> true"] },
        { """{"spec":{"big":9007199254740993}}""", """{"spec":{"big":9007199254740992}}""", ["spec.big: 9007199254740993 -> 9007199254740992"] },
        { """{"spec":{"big":9007199254740993}}""", """{"spec":{"big":9007199254740993}}""", [] },
        { """{"spec":{"list":[1,2]}}""", """{"spec":{"list":[1.0,2e0]}}""", [] },

        // null and absent
        { """{"spec":{"paused":null}}""", """{"spec":{}}""", [] },
        { """{"spec":{"paused":null}}""", """{"spec":{"paused":true}}""", ["spec.paused: (unset) -> true"] },
        { """{"spec":{"paused":true}}""", """{"spec":{}}""", ["spec.paused: true -> (unset)"] },
        { """{"metadata":{"name":"a"}}""", """{"metadata":{"name":"a","annotations":{}}}""", ["metadata.annotations: (unset) -> {}"] },
        { """{"spec":{}}""", """{"spec":{"args":[]}}""", ["spec.args: (unset) -> []"] },

        // nested maps and keys that need quoting
        { """{"metadata":{"labels":{"app":"web"}}}""", """{"metadata":{"labels":{"app":"web","tier":"front"}}}""", ["metadata.labels.tier: (unset) -> \"front\""] },
        { "{}", """{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"now"}}}""", ["metadata.annotations[\"kubectl.kubernetes.io/restartedAt\"]: (unset) -> \"now\""] },
        { "{}", """{"data":{"my-key":"1","_k":"2","1st":"3","a b":"4","a\"]b":"5","":"6"}}""",
            ["data[\"\"]: (unset) -> \"6\"", "data[\"1st\"]: (unset) -> \"3\"", "data._k: (unset) -> \"2\"", "data[\"a b\"]: (unset) -> \"4\"", "data[\"a\\\"]b\"]: (unset) -> \"5\"", "data.my-key: (unset) -> \"1\""] },
        { "{}", """{"data":{"$x":"1","-y":"2","é":"3"}}""", ["data[\"$x\"]: (unset) -> \"1\"", "data[\"-y\"]: (unset) -> \"2\"", "data[\"é\"]: (unset) -> \"3\""] },
        { """{"spec":{"selector":"app=web"}}""", """{"spec":{"selector":{"app":"web"}}}""", ["spec.selector: \"app=web\" -> {\"app\":\"web\"}"] },

        // list-maps: containers by name
        { Pods(Web, Sidecar), Pods("""{"name":"web","image":"nginx:1.28"}""", Sidecar), ["spec.template.spec.containers[name=web].image: \"nginx:1.27\" -> \"nginx:1.28\""] },
        { Pods(Web, Sidecar), Pods(Sidecar, Web), ["spec.template.spec.containers.$order: [\"name=web\",\"name=sidecar\"] -> [\"name=sidecar\",\"name=web\"]"] },
        { Pods(Web, Sidecar), Pods(Sidecar, """{"name":"web","image":"nginx:1.28"}"""),
            ["spec.template.spec.containers.$order: [\"name=web\",\"name=sidecar\"] -> [\"name=sidecar\",\"name=web\"]", "spec.template.spec.containers[name=web].image: \"nginx:1.27\" -> \"nginx:1.28\""] },
        { Pods(Web), Pods(Web, Sidecar), ["spec.template.spec.containers[name=sidecar]: (unset) -> " + Sidecar] },
        { Pods(Sidecar, Web), Pods(Web), ["spec.template.spec.containers[name=sidecar]: " + Sidecar + " -> (unset)"] },
        { Pods(Web, Sidecar), Pods("""{"name":"cache","image":"redis:7"}""", Web),
            ["spec.template.spec.containers[name=cache]: (unset) -> {\"name\":\"cache\",\"image\":\"redis:7\"}", "spec.template.spec.containers[name=sidecar]: " + Sidecar + " -> (unset)"] },
        { Pods(Web, Web), Pods(Web, """{"name":"web","image":"nginx:1.28"}"""), ["spec.template.spec.containers[1].image: \"nginx:1.27\" -> \"nginx:1.28\""] },
        { Pods(Web, """{"image":"x"}"""), Pods(Web, """{"image":"y"}"""), ["spec.template.spec.containers[1].image: \"x\" -> \"y\""] },
        { Pods("""{"name":"80","image":"a"}"""), Pods("""{"name":"80","image":"b"}"""), ["spec.template.spec.containers[name=\"80\"].image: \"a\" -> \"b\""] },
        { Pods("""{"name":"a,b=c","image":"a"}"""), Pods("""{"name":"a,b=c","image":"b"}"""), ["spec.template.spec.containers[name=\"a,b=c\"].image: \"a\" -> \"b\""] },

        // lists inside a container
        { Pods("""{"name":"web","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}"""), Pods("""{"name":"web","env":[{"name":"B","value":"3"},{"name":"A","value":"1"}]}"""),
            ["spec.template.spec.containers[name=web].env.$order: [\"name=A\",\"name=B\"] -> [\"name=B\",\"name=A\"]", "spec.template.spec.containers[name=web].env[name=B].value: \"2\" -> \"3\""] },
        { Pods("""{"name":"web","ports":[{"containerPort":80}]}"""), Pods("""{"name":"web","ports":[{"containerPort":80,"protocol":"TCP"}]}"""),
            ["spec.template.spec.containers[name=web].ports[containerPort=80,protocol=TCP].protocol: (unset) -> \"TCP\""] },
        { Pods("""{"name":"web","ports":[{"containerPort":53,"protocol":"UDP"},{"containerPort":53,"protocol":"TCP","name":"a"}]}"""), Pods("""{"name":"web","ports":[{"containerPort":53,"protocol":"UDP"},{"containerPort":53,"protocol":"TCP","name":"b"}]}"""),
            ["spec.template.spec.containers[name=web].ports[containerPort=53,protocol=TCP].name: \"a\" -> \"b\""] },
        { Pods("""{"name":"web","volumeMounts":[{"name":"d","mountPath":"/data"}]}"""), Pods("""{"name":"web","volumeMounts":[{"name":"e","mountPath":"/data"}]}"""),
            ["spec.template.spec.containers[name=web].volumeMounts[mountPath=/data].name: \"d\" -> \"e\""] },
        { Pods("""{"name":"web","args":["a","b"]}"""), Pods("""{"name":"web","args":["a","c","d"]}"""),
            ["spec.template.spec.containers[name=web].args[1]: \"b\" -> \"c\"", "spec.template.spec.containers[name=web].args[2]: (unset) -> \"d\""] },
        { Pods("""{"name":"web","args":["a","b"]}"""), Pods("""{"name":"web","args":["b","a"]}"""),
            ["spec.template.spec.containers[name=web].args[0]: \"a\" -> \"b\"", "spec.template.spec.containers[name=web].args[1]: \"b\" -> \"a\""] },

        // other PodSpec lists
        { PodSpec("""{"containers":[],"tolerations":[{"key":"a"},{"key":"b"}]}"""), PodSpec("""{"containers":[],"tolerations":[{"key":"b"},{"key":"a"}]}"""),
            ["spec.template.spec.tolerations[0].key: \"a\" -> \"b\"", "spec.template.spec.tolerations[1].key: \"b\" -> \"a\""] },
        { PodSpec("""{"containers":[],"volumes":[{"name":"a","emptyDir":{}}]}"""), PodSpec("""{"containers":[],"volumes":[{"name":"a","configMap":{"name":"c"}}]}"""),
            ["spec.template.spec.volumes[name=a].configMap.name: (unset) -> \"c\"", "spec.template.spec.volumes[name=a].emptyDir: {} -> (unset)"] },
        { PodSpec("""{"containers":[],"imagePullSecrets":[{"name":"a"}]}"""), PodSpec("""{"containers":[],"imagePullSecrets":[{"name":"b"},{"name":"a"}]}"""),
            ["spec.template.spec.imagePullSecrets[name=b]: (unset) -> {\"name\":\"b\"}"] },
        { PodSpec("""{"containers":[],"topologySpreadConstraints":[{"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule","maxSkew":1}]}"""),
            PodSpec("""{"containers":[],"topologySpreadConstraints":[{"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule","maxSkew":2}]}"""),
            ["spec.template.spec.topologySpreadConstraints[topologyKey=zone,whenUnsatisfiable=DoNotSchedule].maxSkew: 1 -> 2"] },
        { """{"kind":"Pod","spec":{"containers":[{"name":"a","image":"x"}]}}""", """{"kind":"Pod","spec":{"containers":[{"name":"a","image":"y"}]}}""", ["spec.containers[name=a].image: \"x\" -> \"y\""] },
        { """{"kind":"CronJob","spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"x"}]}}}}}}""", """{"kind":"CronJob","spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"x"},{"name":"a","image":"y"}]}}}}}}""",
            ["spec.jobTemplate.spec.template.spec.containers[name=b]: (unset) -> {\"name\":\"b\",\"image\":\"x\"}", "spec.jobTemplate.spec.template.spec.containers[name=a].image: \"x\" -> \"y\""] },

        // other kinds
        { """{"kind":"Service","spec":{"ports":[{"port":80,"targetPort":8080},{"port":443}]}}""", """{"kind":"Service","spec":{"ports":[{"port":443},{"port":80,"protocol":"TCP","targetPort":8081}]}}""",
            ["spec.ports.$order: [\"port=80,protocol=TCP\",\"port=443,protocol=TCP\"] -> [\"port=443,protocol=TCP\",\"port=80,protocol=TCP\"]", "spec.ports[port=80,protocol=TCP].protocol: (unset) -> \"TCP\"", "spec.ports[port=80,protocol=TCP].targetPort: 8080 -> 8081"] },
        { """{"kind":"ConfigMap","spec":{"ports":[{"port":80}]}}""", """{"kind":"ConfigMap","spec":{"ports":[{"port":81}]}}""", ["spec.ports[0].port: 80 -> 81"] },
        { """{"kind":"ServiceAccount","secrets":[{"name":"a"},{"name":"b"}]}""", """{"kind":"ServiceAccount","secrets":[{"name":"b"}]}""", ["secrets[name=a]: {\"name\":\"a\"} -> (unset)"] },
        { """{"metadata":{"ownerReferences":[{"uid":"1","name":"a"}]}}""", """{"metadata":{"ownerReferences":[{"uid":"1","name":"b"}]}}""", ["metadata.ownerReferences[uid=\"1\"].name: \"a\" -> \"b\""] },
        { """{"spec":{"conditions":[{"type":"Ready","status":"False"},{"type":"Synced","status":"True"}]}}""", """{"spec":{"conditions":[{"type":"Synced","status":"True"},{"type":"Ready","status":"True"}]}}""",
            ["spec.conditions.$order: [\"type=Ready\",\"type=Synced\"] -> [\"type=Synced\",\"type=Ready\"]", "spec.conditions[type=Ready].status: \"False\" -> \"True\""] },

        // what the server manages is left out
        { KubeObjects.Deployment, KubeObjects.Deployment.Replace("\"18\"", "\"19\"").Replace("\"generation\": 3", "\"generation\": 4").Replace("kubectl", "mcpgate").Replace("0b5c", "0b5d").Replace("\"readyReplicas\": 2", "\"readyReplicas\": 0"), [] },
        { """{"metadata":{"creationTimestamp":"a"},"spec":{"template":{"metadata":{"creationTimestamp":null}}}}""", """{"metadata":{"creationTimestamp":"b"},"spec":{"template":{"metadata":{"creationTimestamp":"c"}}}}""", ["spec.template.metadata.creationTimestamp: (unset) -> \"c\""] },
        { """{"spec":{"status":1}}""", """{"spec":{"status":2}}""", ["spec.status: 1 -> 2"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compare_TwoObjects_ListsTheChangedLeaves(string before, string after, string[] expected)
    {
        var diff = ObjectDiff.Compare(KubeObjects.Parse(before), KubeObjects.Parse(after));

        diff.Select(d => d.ToString()).Should().Equal(expected);
    }

    [Fact]
    public void Compare_ScaleOfTheDeployment_IsOneLine()
    {
        var diff = ObjectDiff.Compare(KubeObjects.Web(), KubeObjects.Web(d => d["spec"]!["replicas"] = 5));

        diff.Should().ContainSingle().Which.ToString().Should().Be("spec.replicas: 2 -> 5");
    }

    [Fact]
    public void Compare_SeveralEdits_AreOrderedByPathThenByListOrder()
    {
        var after = KubeObjects.Web(d =>
        {
            d["spec"]!["replicas"] = 3;
            KubeObjects.Container(d, "web")["image"] = "nginx:1.28";
            KubeObjects.Container(d, "sidecar")["image"] = "envoy:1.31";
            d["spec"]!["template"]!["metadata"]!["annotations"] = new JsonObject { ["kubectl.kubernetes.io/restartedAt"] = "2026-11-30T12:00:00Z" };
        });

        ObjectDiff.Compare(KubeObjects.Web(), after).Select(d => d.Path).Should().Equal(
            "spec.replicas",
            "spec.template.metadata.annotations[\"kubectl.kubernetes.io/restartedAt\"]",
            "spec.template.spec.containers[name=web].image",
            "spec.template.spec.containers[name=sidecar].image");
    }

    [Fact]
    public void Compare_SameObjectsWithMembersInAnotherOrder_GivesTheSameDiff()
    {
        var before = KubeObjects.Web();
        var after = KubeObjects.Web(d => d["spec"]!["replicas"] = 7);
        var shuffled = KubeObjects.Parse(Reversed(after).ToJsonString());

        var expected = ObjectDiff.Compare(before, after).Select(d => d.ToString()).ToList();

        ObjectDiff.Compare(KubeObjects.Parse(Reversed(before).ToJsonString()), shuffled).Select(d => d.ToString()).Should().Equal(expected);
    }

    [Fact]
    public void Compare_Create_ListsEveryFieldButServerManagedOnes_AndWholeListElements()
    {
        var diff = ObjectDiff.Compare(null, KubeObjects.Web());

        diff.Should().OnlyContain(d => d.From == null);
        diff.Select(d => d.Path).Should().Equal(
            "apiVersion", "kind",
            "metadata.annotations[\"deployment.kubernetes.io/revision\"]", "metadata.labels.app", "metadata.name", "metadata.namespace",
            "spec.replicas", "spec.selector.matchLabels.app", "spec.template.metadata.labels.app",
            "spec.template.spec.containers[name=web]", "spec.template.spec.containers[name=sidecar]",
            "spec.template.spec.tolerations[0]", "spec.template.spec.volumes[name=data]");
        JsonNode.DeepEquals(diff[9].To, KubeObjects.Container(KubeObjects.Web(), "web")).Should().BeTrue();
    }

    [Fact]
    public void Compare_Delete_ListsEveryFieldAsRemoved()
    {
        var diff = ObjectDiff.Compare(KubeObjects.Web(), null);

        diff.Should().HaveCount(13).And.OnlyContain(d => d.To == null && d.From != null);
        diff[0].ToString().Should().Be("apiVersion: \"apps/v1\" -> (unset)");
    }

    [Fact]
    public void Compare_NothingOnEitherSide_IsEmpty()
    {
        ObjectDiff.Compare(null, null).Should().BeEmpty();
        ObjectDiff.Compare(KubeObjects.Web(), KubeObjects.Web()).Should().BeEmpty();
    }

    [Fact]
    public void Compare_HugeObject_StopsAtTheCapAndSaysHowManyLinesAreLeftOut()
    {
        var labels = new JsonObject();
        for (var i = 0; i < 500; i++)
        {
            labels[$"k{i:D3}"] = i;
        }

        var diff = ObjectDiff.Compare(null, new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labels } });

        diff.Should().HaveCount(ObjectDiff.MaxLines);
        diff[^2].Path.Should().Be("metadata.labels.k198");
        diff[^1].Path.Should().Be(ObjectDiff.TruncatedPath);
        diff[^1].To!.GetValue<string>().Should().Be("301 more changed field(s) not shown; a diff lists at most 200 lines");
    }

    [Theory]
    [InlineData(2, 1, 2)]
    [InlineData(3, 3, 3)]
    [InlineData(4, 3, 3)]
    public void Compare_WithACap_KeepsAtMostThatManyLines(int maxLines, int kept, int total)
    {
        var after = KubeObjects.Parse("""{"a":1,"b":2,"c":3}""");

        var diff = ObjectDiff.Compare(null, after, maxLines);

        diff.Should().HaveCount(total);
        diff.Take(kept).Select(d => d.Path).Should().Equal(new[] { "a", "b", "c" }.Take(kept));
        (diff[^1].Path == ObjectDiff.TruncatedPath).Should().Be(kept < 3);
    }

    [Fact]
    public void Compare_CapBelowTwo_IsRefused()
    {
        var compare = () => ObjectDiff.Compare(null, null, 1);

        compare.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("maxLines");
    }

    [Fact]
    public void Compare_NestedDeeperThanItWalks_ReportsTheDeepSubtreeAsOneLine()
    {
        JsonObject Deep(int leaf)
        {
            var root = new JsonObject();
            var node = root;
            for (var i = 0; i < 300; i++)
            {
                var child = new JsonObject();
                node["a"] = child;
                node = child;
            }

            node["v"] = leaf;
            return root;
        }

        var diff = ObjectDiff.Compare(Deep(1), Deep(2));

        diff.Should().ContainSingle().Which.Path.Should().Be(string.Join('.', Enumerable.Repeat("a", 101)));
    }

    private static string Pods(params string[] containers) => PodSpec("""{"containers":[""" + string.Join(',', containers) + "]}");

    private static string PodSpec(string podSpec) => """{"kind":"Deployment","spec":{"template":{"spec":""" + podSpec + "}}}";

    private static JsonNode Reversed(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Reversed(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(e => e is null ? null : Reversed(e))]),
        _ => node.DeepClone(),
    };
}
