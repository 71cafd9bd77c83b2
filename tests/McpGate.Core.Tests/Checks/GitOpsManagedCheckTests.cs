using McpGate.Core.Changes;
using System.Text.Json.Nodes;
using McpGate.Core.Checks;

namespace McpGate.Core.Tests.Checks;

[Collection(CheckSandboxGroup.Name)]
public sealed class GitOpsManagedCheckTests(CheckSandbox sandbox)
{
    public static TheoryData<string, JsonObject, string> Managed => new()
    {
        { "Argo CD annotation tracking", Meta(annotations: new() { ["argocd.argoproj.io/tracking-id"] = "shop:apps/Deployment:ns/web" }), "Argo CD (annotation argocd.argoproj.io/tracking-id \"shop:apps/Deployment:ns/web\")" },
        { "Argo CD annotation+label tracking", Meta(labels: new() { ["app.kubernetes.io/instance"] = "shop" }, annotations: new() { ["argocd.argoproj.io/tracking-id"] = "shop:apps/Deployment:ns/web" }), "Argo CD (annotation argocd.argoproj.io/tracking-id" },
        { "Argo CD custom tracking label", Meta(labels: new() { ["argocd.argoproj.io/instance"] = "shop" }), "Argo CD (label argocd.argoproj.io/instance \"shop\")" },
        { "Flux Kustomization", Meta(labels: new() { ["kustomize.toolkit.fluxcd.io/name"] = "apps", ["kustomize.toolkit.fluxcd.io/namespace"] = "flux-system" }), "Flux Kustomization \"flux-system/apps\" (label kustomize.toolkit.fluxcd.io/name)" },
        { "Flux HelmRelease", Meta(labels: new() { ["helm.toolkit.fluxcd.io/name"] = "web", ["helm.toolkit.fluxcd.io/namespace"] = "apps" }), "Flux HelmRelease \"apps/web\" (label helm.toolkit.fluxcd.io/name)" },
    };

    [Theory]
    [MemberData(nameof(Managed))]
    public async Task Run_TrackedByAGitOpsController_WarnsTheChangeWouldBeReverted(string how, JsonObject metadata, string owner)
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.CreateDeploymentAsync(ns, "web", 1, metadata: metadata);

        var record = await new GitOpsManagedCheck().RunAsync(await sandbox.ContextAsync(CheckSandbox.Deployment(ns, "web"), CheckSandbox.Replicas(2)));

        record.Status.Should().Be(CheckStatus.Warn, how);
        record.Detail.Should().StartWith("managed by ").And.Contain(owner).And.EndWith("; the change would be reverted unless it is also made in Git");
    }

    [Theory]
    [InlineData("argocd-controller", "Argo CD (field manager argocd-controller)")]
    [InlineData("kustomize-controller", "Flux (kustomize-controller) (field manager kustomize-controller)")]
    [InlineData("helm-controller", "Flux (helm-controller) (field manager helm-controller)")]
    public async Task Run_WrittenByAGitOpsFieldManager_Warns(string manager, string owner)
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.CreateDeploymentAsync(ns, "web", 1, fieldManager: manager);

        var context = await sandbox.ContextAsync(CheckSandbox.Deployment(ns, "web"), CheckSandbox.Replicas(2));

        var record = await new GitOpsManagedCheck().RunAsync(context);

        record.Status.Should().Be(CheckStatus.Warn);
        record.Detail.Should().Be($"managed by {owner}; the change would be reverted unless it is also made in Git");
        Managers(context.Observed!).Should().Contain(manager);
        record.EvidenceDigest.Should().Be(Verdict.Digest(new JsonObject
        {
            ["labels"] = new JsonObject(),
            ["annotations"] = new JsonObject(),
            ["managers"] = new JsonArray([.. Managers(context.Observed!).Select(m => (JsonNode)m)]),
        }));
    }

    [Fact]
    public async Task Run_NoTrackingLabelAnnotationOrManager_Passes()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.CreateDeploymentAsync(ns, "web", 1, fieldManager: "kubectl-client-side-apply");

        var context = await sandbox.ContextAsync(CheckSandbox.Deployment(ns, "web"), CheckSandbox.Replicas(2));

        var record = await new GitOpsManagedCheck().RunAsync(context);

        record.Status.Should().Be(CheckStatus.Pass);
        record.Detail.Should().Be("the target carries no Argo CD or Flux tracking label, annotation or field manager");
        Managers(context.Observed!).Should().Contain("kubectl-client-side-apply");
        record.EvidenceDigest.Should().Be(Verdict.Digest(new JsonObject
        {
            ["labels"] = new JsonObject(),
            ["annotations"] = new JsonObject(),
            ["managers"] = new JsonArray([.. Managers(context.Observed!).Select(m => (JsonNode)m)]),
        }));
    }

    [Fact]
    public async Task Run_OnlyTheHelmInstanceLabel_PassesSayingWhy()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.CreateDeploymentAsync(ns, "web", 1, metadata: Meta(labels: new() { ["app.kubernetes.io/instance"] = "web", ["app.kubernetes.io/managed-by"] = "Helm" }));

        var record = await new GitOpsManagedCheck().RunAsync(await sandbox.ContextAsync(CheckSandbox.Deployment(ns, "web"), CheckSandbox.Replicas(2)));

        record.Status.Should().Be(CheckStatus.Pass);
        record.Detail.Should().Contain("label app.kubernetes.io/instance is set, but Helm sets it too");
    }

    [Theory]
    [InlineData("argocd.argoproj.io/Tracking-Id")]
    [InlineData("argocd.argoproj.io/tracking")]
    [InlineData("example.com/argocd.argoproj.io-tracking-id")]
    public async Task Run_LookalikeAnnotationKeys_AreNotTracking(string key)
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.CreateDeploymentAsync(ns, "web", 1, metadata: Meta(annotations: new() { [key] = "shop:apps/Deployment:ns/web" }));

        var record = await new GitOpsManagedCheck().RunAsync(await sandbox.ContextAsync(CheckSandbox.Deployment(ns, "web"), CheckSandbox.Replicas(2)));

        record.Status.Should().Be(CheckStatus.Pass, "label and annotation keys are case-sensitive and matched whole");
    }

    /// <summary>Field managers of the object itself (not a subresource), sorted: what the check records.</summary>
    private static List<string> Managers(JsonObject obj) =>
        [.. (obj["metadata"]!["managedFields"] as JsonArray ?? []).Where(e => e!["subresource"] is null || e["subresource"]!.GetValue<string>().Length == 0)
            .Select(e => e!["manager"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal)];

    private static JsonObject Meta(Dictionary<string, string>? labels = null, Dictionary<string, string>? annotations = null) => new()
    {
        ["labels"] = new JsonObject([.. (labels ?? []).Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)).Append(KeyValuePair.Create("app", (JsonNode?)"web"))]),
        ["annotations"] = new JsonObject([.. (annotations ?? []).Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value))]),
    };
}
