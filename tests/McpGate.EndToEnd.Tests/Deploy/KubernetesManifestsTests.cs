using McpGate.Testing.Files;
using McpGate.Testing.Processes;
using McpGate.Testing.Sandbox;

namespace McpGate.EndToEnd.Tests.Deploy;

/// <summary>
/// <c>deploy/kubernetes/</c> applied by the real kubectl to the sandbox with a server-side dry run, and
/// checked against what generates it: <c>mcpgate cluster rbac</c> for the RBAC, <c>policies/</c> for the
/// policy ConfigMap.
/// </summary>
public sealed class KubernetesManifestsTests : IClassFixture<SandboxFixture>, IDisposable
{
    private const string Kubectl = "/usr/bin/kubectl";

    private readonly SandboxFixture _fixture;
    private readonly TempDirectory _dir = new("mcpgate-deploy-");

    public KubernetesManifestsTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// A dry run stores nothing, so the namespace the other objects live in would not exist for them, exactly as
    /// on a real API server: the test creates the namespace first (really), then dry-runs the whole folder.
    /// </summary>
    [InstalledFact(Kubectl)]
    public async Task ApplyDryRunServer_WholeFolder_AcceptsEveryObjectAndStoresNothing()
    {
        var kubeconfig = _dir.Combine("kubeconfig");
        await _fixture.Cluster.WriteKubeconfigAsync(kubeconfig);
        var namespaceFile = Path.Combine(DeployYaml.Kubernetes, "00-namespace.yaml");
        var objects = DeployYaml.AllDocuments().Count;

        var createNamespace = await Run(kubeconfig, "apply", "-f", namespaceFile);
        var dryRun = await Run(kubeconfig, "apply", "--dry-run=server", "-f", DeployYaml.Kubernetes);
        var stored = await Run(kubeconfig, "get", "-f", DeployYaml.Kubernetes, "--ignore-not-found", "-o", "name");

        createNamespace.ExitCode.Should().Be(0, createNamespace.ToString());
        dryRun.ExitCode.Should().Be(0, dryRun.ToString());
        var lines = dryRun.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(objects).And.OnlyContain(l => l.EndsWith(" (server dry run)", StringComparison.Ordinal));
        lines.Should().Contain(["serviceaccount/mcpgate created (server dry run)", "deployment.apps/mcpgate created (server dry run)",
            "persistentvolumeclaim/mcpgate-data created (server dry run)", "configmap/mcpgate-policies created (server dry run)",
            "clusterrole.rbac.authorization.k8s.io/mcpgate created (server dry run)", "rolebinding.rbac.authorization.k8s.io/mcpgate created (server dry run)"]);
        stored.ExitCode.Should().Be(0, stored.ToString());
        stored.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(["namespace/mcpgate"], "only the namespace the test created is stored");
    }

    [Fact]
    public async Task Rbac_CheckedInFile_IsWhatClusterRbacPrints()
    {
        var run = await ProcessRunner.RunAsync(McpGateCli.DotNet,
            [McpGateCli.AssemblyPath, "cluster", "rbac", "--manifests", RepoPaths.Manifests, "--policies", RepoPaths.Policies],
            TimeSpan.FromSeconds(60), workingDirectory: _dir.Path);

        run.ExitCode.Should().Be(0, run.ToString());
        File.ReadAllText(Path.Combine(DeployYaml.Kubernetes, "20-rbac.yaml")).Should().Be(run.StandardOutput,
            "deploy/kubernetes/20-rbac.yaml is generated: regenerate it from the repository root with "
            + "'mcpgate cluster rbac --manifests tool-manifests --policies policies > deploy/kubernetes/20-rbac.yaml'");
    }

    [Fact]
    public void PoliciesConfigMap_HoldsExactlyTheFilesOfPolicies()
    {
        var configMap = DeployYaml.Single("ConfigMap");
        var data = (YamlDotNet.RepresentationModel.YamlMappingNode)DeployYaml.Node(configMap, "data")!;
        var files = Directory.EnumerateFiles(RepoPaths.Policies, "*.yaml").ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

        data.Children.ToDictionary(p => DeployYaml.Text(p.Key)!, p => DeployYaml.Text(p.Value)!).Should().BeEquivalentTo(files,
            "deploy/kubernetes/30-policies.yaml is generated: regenerate it from the repository root with "
            + "'kubectl create configmap mcpgate-policies -n mcpgate --from-file=policies/ --dry-run=client -o yaml > deploy/kubernetes/30-policies.yaml'");
    }

    [Fact]
    public void Deployment_RunsOneNonRootServiceExecutorOnTheClaimThePolicyAndTheServiceAccount()
    {
        var deployment = DeployYaml.Single("Deployment");
        var pod = DeployYaml.Node(deployment, "spec", "template", "spec")!;
        var container = DeployYaml.Items(pod, "containers").Should().ContainSingle().Subject;
        var args = DeployYaml.Texts(container, "args");
        var mounts = DeployYaml.Items(container, "volumeMounts").ToDictionary(m => DeployYaml.Text(m, "name")!, m => DeployYaml.Text(m, "mountPath"));
        var volumes = DeployYaml.Items(pod, "volumes").ToDictionary(v => DeployYaml.Text(v, "name")!);
        string? After(string flag) => args[args.IndexOf(flag) + 1];

        DeployYaml.Text(deployment, "spec", "replicas").Should().Be("1", "one executor per cluster");
        DeployYaml.Text(deployment, "spec", "strategy", "type").Should().Be("Recreate", "the old executor stops before the new one starts");
        args.Take(3).Should().Equal("serve", "--service", "--in-cluster");
        After("--data-dir").Should().Be(mounts["data"]);
        DeployYaml.Text(volumes["data"], "persistentVolumeClaim", "claimName").Should().Be(DeployYaml.Text(DeployYaml.Single("PersistentVolumeClaim"), "metadata", "name"));
        After("--policies").Should().Be(mounts["policies"]);
        DeployYaml.Text(volumes["policies"], "configMap", "name").Should().Be(DeployYaml.Text(DeployYaml.Single("ConfigMap"), "metadata", "name"));
        DeployYaml.Text(pod, "serviceAccountName").Should().Be(DeployYaml.Text(DeployYaml.Single("ServiceAccount"), "metadata", "name"));
        DeployYaml.Text(pod, "securityContext", "runAsNonRoot").Should().Be("true");
        DeployYaml.Text(container, "securityContext", "readOnlyRootFilesystem").Should().Be("true");
        DeployYaml.Text(container, "securityContext", "allowPrivilegeEscalation").Should().Be("false");
        DeployYaml.Texts(container, "securityContext", "capabilities", "drop").Should().Equal("ALL");
        foreach (var bound in new[] { "requests", "limits" })
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                DeployYaml.Text(container, "resources", bound, resource).Should().NotBeNullOrEmpty($"{bound}.{resource}");
            }
        }

        var subjects = DeployYaml.AllDocuments().Where(d => DeployYaml.Text(d, "kind") is "RoleBinding" or "ClusterRoleBinding").SelectMany(b => DeployYaml.Items(b, "subjects")).ToList();
        subjects.Should().NotBeEmpty().And.OnlyContain(s => DeployYaml.Text(s, "kind") == "ServiceAccount"
            && DeployYaml.Text(s, "name") == DeployYaml.Text(pod, "serviceAccountName")
            && DeployYaml.Text(s, "namespace") == DeployYaml.Text(deployment, "metadata", "namespace"));
    }

    private Task<ProcessResult> Run(string kubeconfig, params string[] arguments) =>
        ProcessRunner.RunAsync(Kubectl, ["--kubeconfig", kubeconfig, "--cache-dir", _dir.Combine("cache"), .. arguments], TimeSpan.FromSeconds(60),
            new Dictionary<string, string?> { ["HOME"] = _dir.Path, ["KUBECONFIG"] = string.Empty });
}
