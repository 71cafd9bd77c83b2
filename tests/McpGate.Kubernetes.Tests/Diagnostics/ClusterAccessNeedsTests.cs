using McpGate.Core.Manifests;
using McpGate.Kubernetes.Diagnostics;
using McpGate.Testing.Files;

namespace McpGate.Kubernetes.Tests.Diagnostics;

/// <summary>The permissions <c>cluster check</c> asks for come from the loaded manifests, one row per verb and resource.</summary>
public sealed class ClusterAccessNeedsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    internal const string GetNode = """
        name: get_node
        title: Get a node
        description: One node.
        access: read
        risk: low
        parameters:
          name: { type: string, required: true, pattern: '^[a-z0-9.-]+$', description: Node name }
        operation:
          action: get
          resource: v1/nodes
          name: '{name}'
        """;

    internal const string ListPods = """
        name: list_pods
        title: List pods
        description: Pods of a namespace.
        access: read
        risk: low
        parameters:
          namespace: { type: string, required: true, pattern: '^[a-z0-9-]+$', description: Namespace }
        operation:
          action: list
          resource: v1/pods
          namespace: '{namespace}'
        """;

    [Fact]
    public void FromManifests_ShippedTools_NeedTheirOperationsAndWhatTheirChecksRead()
    {
        var needs = ClusterAccessNeeds.FromManifests(ManifestLoader.LoadDirectory(RepoPaths.Manifests).Tools);

        // Every shipped tool adds rows; these are the ones each kind of write must produce.
        needs.Select(n => (n.ToString(), string.Join(",", n.NeededBy), n.ClusterWide)).Should().Contain(
        [
            ("get configmaps", "delete_resource,patch_resource,update_configmap", false),
            ("patch configmaps", "patch_resource,update_configmap", false),
            ("delete configmaps", "delete_resource", false),
            ("get nodes", "cordon_node,drain_node,uncordon_node", true),
            ("patch nodes", "cordon_node,drain_node,uncordon_node", true),
            ("list pods", "drain_node", true),
            ("create pods/eviction", "drain_node", true),
            ("list apps/controllerrevisions", "rollout_history,rollout_undo,set_image", false),
            ("get apps/deployments", "delete_resource,get_deployment,patch_resource,restart_rollout,rollout_history,rollout_status,rollout_undo,scale_deployment,scale_workload,set_image", false),
            ("list apps/deployments", "list_deployments", false),
            ("list nodes", "nodes_list,nodes_top", true),
            ("list metrics.k8s.io/nodes", "nodes_top", true),
            ("list metrics.k8s.io/pods", "pods_top", false),
            ("patch apps/deployments", "patch_resource,restart_rollout,rollout_undo,scale_deployment,scale_workload,set_image", false),
            ("delete apps/deployments", "delete_resource", false),
            ("patch batch/cronjobs", "patch_resource,resume_cronjob,suspend_cronjob", false),
            ("list policy/poddisruptionbudgets", "restart_rollout,rollout_undo,scale_deployment,scale_workload,set_image", false),
            ("get pods/log", "pods_log", false),
            ("list events", "events_list", false),
            ("list namespaces", "namespaces_list", true),
        ]);
        needs.Where(n => n.Resource == "secrets").Select(n => (n.ToString(), string.Join(",", n.NeededBy), n.ClusterWide)).Should().Equal(
            [("list secrets", "secrets_list", false)], "only secrets_list reads secrets (names, keys and sizes), and no shipped tool writes them");
        var writeTools = ManifestLoader.LoadDirectory(RepoPaths.Manifests).Tools.Where(t => t.Access == ToolAccess.Write && t.Operation.Action != OperationAction.Apply).Select(t => t.Name);
        writeTools.Should().OnlyContain(t => needs.Any(n => n.Verb != "get" && n.Verb != "list" && n.NeededBy.Contains(t)), "every write tool needs a write verb");
    }

    [Fact]
    public void FromManifests_ToolWithoutNamespace_IsCheckedClusterWide()
    {
        var needs = Load(("get_node.yaml", GetNode), ("list_pods.yaml", ListPods));

        needs.Should().HaveCount(2);
        needs.Should().ContainSingle(n => n.Resource == "nodes").Which.Should().Match<ClusterAccessRequirement>(n =>
            n.Verb == "get" && n.Group.Length == 0 && n.ClusterWide && n.NeededBy.SequenceEqual(new[] { "get_node" }));
        needs.Should().ContainSingle(n => n.Resource == "pods").Which.Should().Match<ClusterAccessRequirement>(n =>
            n.Verb == "list" && !n.ClusterWide && n.ToString() == "list pods");
    }

    [Fact]
    public void FromManifests_Drain_NeedsTheEvictionSubresourceClusterWide()
    {
        var needs = ClusterAccessNeeds.FromManifests([ManifestLoader.LoadDirectory(RepoPaths.Manifests).Find("drain_node")!]);

        needs.Should().ContainSingle(n => n.Subresource == "eviction").Which.Should().Match<ClusterAccessRequirement>(n =>
            n.Verb == "create" && n.Group.Length == 0 && n.Resource == "pods" && n.ClusterWide);
    }

    [Fact]
    public void FromManifests_ApplyTool_AddsNoRowButANoteNamingItsVerbs()
    {
        var tools = ManifestLoader.LoadDirectory(RepoPaths.Manifests).Tools;

        ClusterAccessNeeds.FromManifests(tools).Should().NotContain(n => n.NeededBy.Contains("apply_manifest") && n.Resource != "pods",
            "its kinds are known only at call time; only what its checks read is derived");
        ClusterAccessNeeds.CallTimeNotes(tools).Should().Equal(
            "apply_manifest applies objects whose kinds are known only at call time: grant get, create, patch on the kinds its agents are expected to apply, in the namespaces its policy allows (not checked here)",
            "resources_describe reads kinds named at call time: grant get, list on the kinds its agents are expected to read (not checked here)",
            "resources_get reads kinds named at call time: grant get on the kinds its agents are expected to read (not checked here)",
            "resources_list reads kinds named at call time: grant list on the kinds its agents are expected to read (not checked here)");
        ClusterAccessNeeds.CallTimeNotes(tools.Where(t => t.Name is not ("apply_manifest" or "resources_describe" or "resources_get" or "resources_list"))).Should().BeEmpty(
            "discovery (api_resources_list) and schemas (explain_resource) need no RBAC grant");
    }

    [Fact]
    public void FromManifests_NoTools_NeedsNothing() =>
        ClusterAccessNeeds.FromManifests([]).Should().BeEmpty();

    [Fact]
    public void FromManifests_SameToolsInAnotherOrder_SameRequirements()
    {
        var tools = ManifestLoader.LoadDirectory(RepoPaths.Manifests).Tools;

        ClusterAccessNeeds.FromManifests(tools.Reverse()).Should().Equal(ClusterAccessNeeds.FromManifests(tools));
    }

    private IReadOnlyList<ClusterAccessRequirement> Load(params (string Name, string Text)[] files)
    {
        var dir = Path.Combine(_dir.Path, "manifests");
        foreach (var (name, text) in files)
        {
            _dir.Write(Path.Combine("manifests", name), text);
        }

        return ClusterAccessNeeds.FromManifests(ManifestLoader.LoadDirectory(dir).Tools);
    }
}
