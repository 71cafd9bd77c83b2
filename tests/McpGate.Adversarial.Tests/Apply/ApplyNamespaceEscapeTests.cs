using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Engine;
using McpGate.Core.Manifests;
using McpGate.Core.Operations;
using McpGate.Testing.Engine;

namespace McpGate.Adversarial.Tests.Apply;

/// <summary>
/// The policy decided for the call's namespace: no document of an apply may land anywhere else,
/// nor be a Secret, a wrapper of other objects or a cluster-scoped object, however it is spelled.
/// Each attempt is refused before anything is proven: no change in the ledger, nothing on the cluster.
/// </summary>
public sealed class ApplyNamespaceEscapeTests : IAsyncLifetime
{
    private const string Policy = """
        rules:
          - name: apply-demo
            tools: [apply_manifest]
            namespaces: [demo]
            effect: allow
            approval: { count: 1, groups: [sre] }
        """;

    private GateHarness _gate = null!;

    public async Task InitializeAsync() => _gate = await GateHarness.StartAsync(Policy);

    public async Task DisposeAsync() => await _gate.DisposeAsync();

    public static TheoryData<string, string, string> Escapes => new()
    {
        { "other namespace", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: escape, namespace: prod }\n", "metadata.namespace is \"prod\"" },
        { "upper case", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: escape, namespace: DEMO }\n", "metadata.namespace is \"DEMO\"" },
        { "title case", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: escape, namespace: Demo }\n", "metadata.namespace is \"Demo\"" },
        { "leading space", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: escape, namespace: ' demo' }\n", "metadata.namespace is \" demo\"" },
        { "trailing newline", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: escape, namespace: \"demo\\n\" }\n", "metadata.namespace is \"demo\\n\"" },
        { "empty", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: escape, namespace: '' }\n", "metadata.namespace is \"\"" },
        { "a list", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: escape, namespace: [demo, prod] }\n", "metadata.namespace is [\"demo\",\"prod\"]" },
        { "a map", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: escape, namespace: { name: prod } }\n", "metadata.namespace is {\"name\":\"prod\"}" },
        { "a number", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: escape, namespace: 7 }\n", "metadata.namespace is 7" },
        { "json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"escape\",\"namespace\":\"prod\"}}", "metadata.namespace is \"prod\"" },
        { "json, second document", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"fine\"}}\n---\n{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"escape\",\"namespace\":\"prod\"}}", "document 2 (line 3): metadata.namespace" },
        { "duplicate namespace key", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: demo\n  name: escape\n  namespace: prod\n", "manifest: line 6: not valid YAML or JSON: Duplicate key namespace" },
        { "json duplicate key", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"namespace\":\"demo\",\"name\":\"escape\",\"namespace\":\"prod\"}}", "Duplicate key namespace" },
        { "zero-width space", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: escape, namespace: \"demo\u200b\" }\n", "manifest: must be visible text (line breaks and tabs allowed)" },
        { "List wrapper", "apiVersion: v1\nkind: List\nmetadata: { name: escape }\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: { name: escape, namespace: prod }\n", "kind List wraps other objects" },
        { "typed List wrapper", "apiVersion: v1\nkind: ConfigMapList\nmetadata: { name: escape }\nitems: []\n", "kind ConfigMapList wraps other objects" },
        { "Secret", "apiVersion: v1\nkind: Secret\nmetadata: { name: escape }\nstringData: { password: x }\n", "Secrets may not be applied" },
        { "secret in lower case", "apiVersion: v1\nkind: secret\nmetadata: { name: escape }\n", "Secrets may not be applied" },
        { "SECRET in upper case, JSON", "{\"apiVersion\":\"v1\",\"kind\":\"SECRET\",\"metadata\":{\"name\":\"escape\"}}", "Secrets may not be applied" },
        { "cluster-scoped Namespace", "apiVersion: v1\nkind: Namespace\nmetadata: { name: escape }\n", "Namespace is cluster-scoped" },
        { "cluster-scoped Node", "apiVersion: v1\nkind: Node\nmetadata: { name: escape }\n", "Node is cluster-scoped" },
        { "unserved kind", "apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: escape }\n", "serves no kind Widget in example.com/v1" },
        { "same object twice", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: escape }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: escape, namespace: demo }\n", "document 2 (line 5): names ConfigMap demo/escape again (document 1 already does)" },
        { "name with a path", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: '../../prod/configmaps/escape' }\n", "metadata.name must be a DNS subdomain" },
    };

    [Theory]
    [MemberData(nameof(Escapes))]
    public async Task Propose_DocumentEscapingTheCall_IsRefusedBeforeProof_AndNothingIsRecordedOrWritten(string scenario, string manifest, string expected)
    {
        var before = await _gate.Ledger.ListChangesAsync();
        _gate.Sandbox.ResetRequestCounts();

        var act = () => _gate.ProposeApplyAsync(manifest);

        // Refused when binding (an invisible character) or when planning (everything else): never proposed.
        var refused = (await act.Should().ThrowAsync<Exception>(scenario)).Which;
        refused.Should().Match(e => e is ProposalException || e is ArgumentValidationException, scenario);
        refused.Message.Should().Contain(expected, scenario);
        (await _gate.Ledger.ListChangesAsync()).Should().HaveCount(before.Count, "a refused proposal records nothing");
        foreach (var ns in new[] { "demo", "prod", "default" })
        {
            (await _gate.Cluster.GetAsync(ConfigMap(ns, "escape"))).Should().BeNull(scenario);
        }

        (await _gate.Cluster.GetAsync(new ResourceRef { Group = string.Empty, Version = "v1", Resource = "namespaces", Name = "escape" })).Should().BeNull(scenario);
        _gate.Sandbox.CountRequests("POST", "/").Should().Be(0, "not even a dry run is sent");
        _gate.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: placed, namespace: null }\n")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: placed, namespace: ~ }\n")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: placed }\n")]
    [InlineData("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"placed\",\"namespace\":null}}")]
    public async Task Propose_DocumentWithoutNamespace_IsPlacedInTheCallsNamespace(string manifest)
    {
        var change = await _gate.ProposeApplyAsync(manifest);

        change.State.Should().Be(ChangeState.PendingApproval, change.Outcome);
        var step = change.Request!.Steps.Should().ContainSingle().Subject;
        step.Verb.Should().Be(WriteVerb.Create);
        step.Target.Namespace.Should().Be("demo");
        step.Body!["metadata"]!["namespace"]!.GetValue<string>().Should().Be("demo", "the signed body names the namespace the policy decided on");
        (await _gate.Cluster.GetAsync(ConfigMap("demo", "placed"))).Should().BeNull("proposing writes nothing");
    }

    [Fact]
    public async Task Propose_CallForANamespaceThePolicyDenies_IsDenied_AndWritesNothing()
    {
        var change = await _gate.ProposeApplyAsync("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: escape }\n", ns: "prod");

        change.State.Should().Be(ChangeState.Denied);
        (await _gate.Cluster.GetAsync(ConfigMap("prod", "escape"))).Should().BeNull();
    }

    private static ResourceRef ConfigMap(string ns, string name) => new() { Group = string.Empty, Version = "v1", Resource = "configmaps", Namespace = ns, Name = name };
}
