using System.Text.Json.Nodes;
using McpGate.Kubernetes.Diagnostics;
using McpGate.Kubernetes.Tests.Support;
using McpGate.Sandbox;
using McpGate.Testing.Processes;
using McpGate.Testing.Files;

namespace McpGate.Kubernetes.Tests.Diagnostics;

/// <summary><c>mcpgate cluster check</c> against the sandbox: in-process and through the real executable.</summary>
public sealed class ClusterCheckSandboxTests : IClassFixture<KubeSandboxFixture>, IDisposable
{
    private readonly KubeSandboxFixture _sandbox;
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    public ClusterCheckSandboxTests(KubeSandboxFixture sandbox) => _sandbox = sandbox;

    private static IReadOnlyList<ClusterAccessRequirement> ShippedNeeds =>
        ClusterAccessNeeds.FromManifests(McpGate.Core.Manifests.ManifestLoader.LoadDirectory(RepoPaths.Manifests).Tools);

    private CancellationToken Ct => _timeout.Token;

    public void Dispose()
    {
        _dir.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task RunAsync_AdminToken_PassesWithClusterAdminWarning()
    {
        using var client = _sandbox.Client();

        var report = await ClusterCheck.RunAsync(client, ["demo"], ShippedNeeds, Ct);

        report.Succeeded.Should().BeTrue(string.Join("; ", report.Errors));
        report.ServerVersion.Should().StartWith("v1.");
        report.User.Should().NotBeNullOrEmpty();
        report.Access.Select(a => a.Requirement).Should().Equal(ShippedNeeds);
        report.Access.Select(a => a.Requirement.ToString()).Should().Contain(["list pods", "get apps/deployments", "patch apps/deployments", "patch apps/statefulsets", "patch nodes"]);
        report.Access.Should().OnlyContain(a => a.Allowed && a.Namespace == (a.Requirement.ClusterWide ? "*" : "demo"));
        report.ClusterAdmin.Should().BeTrue();
        report.Warnings.Should().ContainMatch("*cluster-admin*");
    }

    [Fact]
    public async Task RunAsync_ViewToken_FailsNamingMissingPatch()
    {
        using var client = _sandbox.Client(token: KubeSandboxFixture.ViewToken);

        var report = await ClusterCheck.RunAsync(client, ["demo", "*"], ShippedNeeds, Ct);

        report.Succeeded.Should().BeFalse();
        report.User.Should().Be(KubeSandboxFixture.ViewUser);
        report.ClusterAdmin.Should().BeFalse();
        report.Access.Where(a => a.Requirement.Verb is "get" or "list" && a.Requirement.Resource != "secrets").Should().OnlyContain(a => a.Allowed);
        report.Access.Where(a => a.Requirement.Resource == "secrets").Should().NotBeEmpty().And.OnlyContain(a => !a.Allowed, "the view role reads everything but secrets");
        report.Errors.Should().Contain("cannot patch apps/deployments in namespace demo (needed by patch_resource, restart_rollout, rollout_undo, scale_deployment, scale_workload, set_image): grant it with a Role/RoleBinding (or ClusterRole) for this user")
            .And.Contain(e => e.Contains("in all namespaces", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ClusterWideNeed_IsCheckedOnceNotPerNamespace()
    {
        using var client = _sandbox.Client(token: KubeSandboxFixture.ViewToken);
        IReadOnlyList<ClusterAccessRequirement> needs =
        [
            new("get", string.Empty, "nodes") { ClusterWide = true, NeededBy = ["get_node"] },
            new("list", string.Empty, "pods") { NeededBy = ["list_pods"] },
            new("delete", string.Empty, "pods") { NeededBy = ["delete_pod"] },
        ];

        var report = await ClusterCheck.RunAsync(client, ["demo", "kube-system"], needs, Ct);

        report.Access.Select(a => (a.Namespace, a.Requirement.ToString(), a.Allowed)).Should().Equal(
            ("*", "get nodes", true),
            ("demo", "list pods", true),
            ("kube-system", "list pods", true),
            ("demo", "delete pods", false),
            ("kube-system", "delete pods", false));
        report.Errors.Should().Equal(
            "cannot delete pods in namespace demo (needed by delete_pod): grant it with a Role/RoleBinding (or ClusterRole) for this user",
            "cannot delete pods in namespace kube-system (needed by delete_pod): grant it with a Role/RoleBinding (or ClusterRole) for this user");
    }

    [Fact]
    public async Task Cli_ManifestsOption_ChecksWhatThoseToolsNeed()
    {
        var kubeconfig = Path.Combine(_dir.Path, "view.kubeconfig");
        await _sandbox.Cluster.WriteKubeconfigAsync(kubeconfig, new SandboxKubeconfigOptions { ContextName = "viewer", Token = KubeSandboxFixture.ViewToken }, Ct);
        _dir.Write("manifests/get_node.yaml", ClusterAccessNeedsTests.GetNode);
        _dir.Write("manifests/list_pods.yaml", ClusterAccessNeedsTests.ListPods);

        var result = await McpGateCli.RunAsync(
            ["cluster", "check", "--kubeconfig", kubeconfig, "--policies", PolicyDir(), "--manifests", Path.Combine(_dir.Path, "manifests"), "--json"],
            cancellationToken: Ct);

        result.ExitCode.Should().Be(0, result.StandardOutput + result.StandardError);
        var access = JsonNode.Parse(result.StandardOutput)!["access"]!.AsArray();
        access.Select(a => (a!["verb"]!.GetValue<string>(), a["resource"]!.GetValue<string>(), a["namespace"]!.GetValue<string>(), a["clusterWide"]!.GetValue<bool>(), a["neededBy"]![0]!.GetValue<string>()))
            .Should().Equal(("get", "nodes", "*", true, "get_node"), ("list", "pods", "demo", false, "list_pods"));
    }

    [Fact]
    public async Task Cli_BrokenManifest_ExitsTwoNamingTheFile()
    {
        var kubeconfig = Path.Combine(_dir.Path, "admin.kubeconfig");
        await _sandbox.Cluster.WriteKubeconfigAsync(kubeconfig, "sandbox", Ct);
        _dir.Write("manifests/broken.yaml", ClusterAccessNeedsTests.ListPods.Replace("action: list", "action: explode", StringComparison.Ordinal));

        var result = await McpGateCli.RunAsync(
            ["cluster", "check", "--kubeconfig", kubeconfig, "--policies", PolicyDir(), "--manifests", Path.Combine(_dir.Path, "manifests")],
            cancellationToken: Ct);

        result.ExitCode.Should().Be(2);
        result.StandardError.Should().Contain("broken.yaml").And.Contain("operation.action");
    }

    [Fact]
    public async Task RunAsync_Unreachable_FailsWithoutThrowing()
    {
        using var client = new McpGate.Kubernetes.Api.KubeApiClient(
            _sandbox.Endpoint() with { Server = new Uri("https://127.0.0.1:1") },
            new McpGate.Kubernetes.Api.KubeApiClientOptions { MaxReadAttempts = 1 });

        var report = await ClusterCheck.RunAsync(client, ["demo"], ShippedNeeds, Ct);

        report.Connected.Should().BeFalse();
        report.Errors.Should().ContainSingle().Which.Should().StartWith("cannot reach the API server");
    }

    [Fact]
    public async Task RunAsync_KubeconfigCaOfAnotherCluster_SaysTheCertificateWasNotAccepted_AndWhy()
    {
        using var other = new TestCertificates("CN=another-cluster-ca");
        using var client = new McpGate.Kubernetes.Api.KubeApiClient(
            _sandbox.Endpoint() with { CertificateAuthorityPem = other.AuthorityPem },
            new McpGate.Kubernetes.Api.KubeApiClientOptions { MaxReadAttempts = 1 });

        var report = await ClusterCheck.RunAsync(client, ["demo"], ShippedNeeds, Ct);

        report.Connected.Should().BeFalse();
        report.Errors.Should().ContainSingle().Which.Should()
            .Contain("was not accepted: it was issued by CN=mcpgate-sandbox-ca, and its chain does not reach the kubeconfig's certificate-authority")
            .And.NotContain("see inner exception");
    }

    [Fact]
    public void NamespacesFromRules_GlobsAreKeptToBeListed()
    {
        var policy = _dir.Write("policies/p.yaml", """
            approvers: []
            rules:
              - { name: a, tools: [scale_deployment], namespaces: [demo, prod], effect: allow, approval: { count: 1 } }
              - { name: b, tools: [scale_deployment], namespaces: ['team-*'], effect: allow, approval: { count: 1 } }
              - { name: c, tools: [scale_deployment], namespaces: [secret-ns], effect: deny }
            """);

        var rules = McpGate.Core.Policy.PolicySet.LoadDirectory(Path.GetDirectoryName(policy)!).Rules;

        ClusterCheck.NamespacesFromRules(rules).Should().Equal("demo", "prod", "team-*");
    }

    [Fact]
    public async Task Cli_AdminKubeconfig_ExitsZeroAndWarnsLoudly()
    {
        var kubeconfig = Path.Combine(_dir.Path, "admin.kubeconfig");
        await _sandbox.Cluster.WriteKubeconfigAsync(kubeconfig, "sandbox", Ct);

        var result = await McpGateCli.RunAsync(["cluster", "check", "--kubeconfig", kubeconfig, "--policies", PolicyDir()], cancellationToken: Ct);

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardOutput.Should().Contain("v1.").And.Contain("WARNING:").And.Contain("cluster-admin").And.Contain("cluster check passed")
            .And.NotContain("Grant exactly", "nothing is missing");
        result.StandardOutput.Should().Contain("NOTE: apply_manifest applies objects whose kinds are known only at call time: grant get, create, patch");
        using var client = _sandbox.Client();
        var identity = await McpGate.Kubernetes.Identity.ClusterIdentityResolver.ResolveAsync(client, Ct);
        result.StandardOutput.Should().Contain("cluster id").And.Contain(identity.Id)
            .And.Contain(identity.Server).And.Contain(identity.CertificateDigest!).And.Contain(identity.KubeSystemUid!);
    }

    [Fact]
    public async Task Cli_ReadOnlyToken_ExitsOneWithJson()
    {
        var kubeconfig = Path.Combine(_dir.Path, "view.kubeconfig");
        await _sandbox.Cluster.WriteKubeconfigAsync(kubeconfig, new SandboxKubeconfigOptions { ContextName = "viewer", Token = KubeSandboxFixture.ViewToken }, Ct);

        var result = await McpGateCli.RunAsync(["cluster", "check", "--kubeconfig", kubeconfig, "--policies", PolicyDir(), "--json"], cancellationToken: Ct);

        result.ExitCode.Should().Be(1, result.StandardError);
        var json = JsonNode.Parse(result.StandardOutput)!;
        json["succeeded"]!.GetValue<bool>().Should().BeFalse();
        json["user"]!.GetValue<string>().Should().Be(KubeSandboxFixture.ViewUser);
        json["context"]!.GetValue<string>().Should().Be("viewer");
        using var client = _sandbox.Client();
        var identity = await McpGate.Kubernetes.Identity.ClusterIdentityResolver.ResolveAsync(client, Ct);
        json["cluster"]!["id"]!.GetValue<string>().Should().Be(identity.Id, "the viewer may read kube-system, so the id is the uid's");
        json["cluster"]!["server"]!.GetValue<string>().Should().Be(identity.Server);
        json["cluster"]!["kubeSystemUid"]!.GetValue<string>().Should().Be(identity.KubeSystemUid);
        json["access"]!.AsArray().Should().Contain(a => a!["verb"]!.GetValue<string>() == "patch" && !a["allowed"]!.GetValue<bool>());
        json["notes"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Contain(n => n.StartsWith("apply_manifest applies objects whose kinds are known only at call time", StringComparison.Ordinal))
            .And.Contain(n => n.StartsWith("resources_get reads kinds named at call time", StringComparison.Ordinal));
        var rbac = json["missingRbac"]!.GetValue<string>();
        rbac.Should().Contain("kind: Role\n").And.Contain("namespace: \"demo\"").And.Contain("verbs: [\"patch\"]")
            .And.Contain($"name: \"{KubeSandboxFixture.ViewUser}\"").And.NotContain("\"get\"", "the viewer may already get and list");
        result.StandardOutput.Should().NotContain("Grant exactly", "--json prints only the JSON document");
    }

    [Fact]
    public async Task Cli_MissingContext_ExitsTwo()
    {
        var kubeconfig = Path.Combine(_dir.Path, "admin.kubeconfig");
        await _sandbox.Cluster.WriteKubeconfigAsync(kubeconfig, "sandbox", Ct);

        var result = await McpGateCli.RunAsync(["cluster", "check", "--kubeconfig", kubeconfig, "--context", "nope", "--policies", PolicyDir()], cancellationToken: Ct);

        result.ExitCode.Should().Be(2);
        result.StandardError.Should().Contain("context 'nope' is not defined in contexts");
    }

    private string PolicyDir()
    {
        var path = _dir.Write("policies/p.yaml", """
            approvers: []
            rules:
              - { name: demo, tools: [scale_deployment], namespaces: [demo], effect: allow, approval: { count: 1 } }
            """);
        return Path.GetDirectoryName(path)!;
    }
}
