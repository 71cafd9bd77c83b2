using McpGate.Testing.Files;
using McpGate.Testing.Processes;
using YamlDotNet.RepresentationModel;

namespace McpGate.Cli.Tests.Commands;

/// <summary>
/// <c>mcpgate cluster rbac</c> through the real executable, run from a directory that holds no
/// manifests or policies, with no cluster: the YAML it prints grants exactly what the manifests
/// and the policy need, to the gate's ServiceAccount, and nothing with a wildcard.
/// </summary>
public sealed class ClusterRbacCommandTests : IDisposable
{
    /// <summary>The gate's own read (kube-system's uid names the cluster), present whatever the tools.</summary>
    private const string Identity = "cluster get /namespaces";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string[], string, string[]> Cases => new()
    {
        {
            "a write tool is granted in the namespaces its allow rule names",
            ["scale_deployment"],
            "rules: [{ name: s, tools: [scale_deployment], namespaces: [demo], effect: allow, approval: { count: 1 } }]",
            [Identity, "demo get apps/deployments", "demo patch apps/deployments", "demo list /pods", "demo list policy/poddisruptionbudgets"]
        },
        {
            "a write tool no allow rule names gets nothing",
            ["scale_deployment"],
            "rules: [{ name: s, tools: [set_image], namespaces: [demo], effect: allow, approval: { count: 1 } }]",
            [Identity]
        },
        {
            "a write allowed in two namespaces gets a Role in each",
            ["update_configmap"],
            "rules: [{ name: c, tools: [update_configmap], namespaces: [demo, staging], effect: allow, approval: { count: 1 } }]",
            [Identity, "demo get /configmaps", "demo patch /configmaps", "staging get /configmaps", "staging patch /configmaps"]
        },
        {
            "an allow rule without namespaces grants cluster-wide",
            ["update_configmap"],
            "rules: [{ name: c, tools: ['*'], effect: allow, approval: { count: 1 } }]",
            [Identity, "cluster get /configmaps", "cluster patch /configmaps"]
        },
        {
            "a cluster-scoped write goes to the ClusterRole",
            ["cordon_node"],
            "rules: [{ name: n, tools: [cordon_node], effect: allow, approval: { count: 1 } }]",
            [Identity, "cluster get /nodes", "cluster patch /nodes"]
        },
        {
            "a namespace glob is not granted (RBAC has none)",
            ["update_configmap"],
            "rules: [{ name: c, tools: [update_configmap], namespaces: ['team-*'], effect: allow, approval: { count: 1 } }]",
            [Identity]
        },
        {
            "a policy namespace Kubernetes would refuse is not granted",
            ["update_configmap"],
            "rules: [{ name: c, tools: [update_configmap], namespaces: [Demo, 'a\"b', 'x:y', demo-], effect: allow, approval: { count: 1 } }]",
            [Identity]
        },
        {
            "a read with no read scope is granted cluster-wide",
            ["pods_list"],
            "rules: []",
            [Identity, "cluster list /pods"]
        },
        {
            "a read scope's namespaces narrow reads to Roles",
            ["pods_list"],
            "rules: []\nreadScope: { namespaces: [demo, prod] }",
            [Identity, "demo list /pods", "prod list /pods"]
        },
        {
            "a resource the read scope denies is not granted",
            ["secrets_list", "pods_list"],
            "rules: []\nreadScope: { deny: [secrets] }",
            [Identity, "cluster list /pods"]
        },
        {
            "a read scope without cluster-scoped reads grants no nodes",
            ["nodes_list", "pods_list"],
            "rules: []\nreadScope: { clusterScoped: false }",
            [Identity, "cluster list /pods"]
        },
        {
            "a namespace grant the ClusterRole already holds is dropped",
            ["get_deployment", "scale_deployment"],
            "rules: [{ name: s, tools: [scale_deployment], namespaces: [demo], effect: allow, approval: { count: 1 } }]",
            [Identity, "cluster get apps/deployments", "demo patch apps/deployments", "demo list /pods", "demo list policy/poddisruptionbudgets"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Rbac_ManifestsAndPolicy_GrantExactlyWhatTheyNeed(string why, string[] tools, string policy, string[] expected)
    {
        var manifests = Directory.CreateDirectory(_dir.Combine("manifests")).FullName;
        foreach (var tool in tools)
        {
            File.Copy(Path.Combine(RepoPaths.Manifests, tool + ".yaml"), Path.Combine(manifests, tool + ".yaml"));
        }

        var policies = Path.GetDirectoryName(_dir.Write("policies/p.yaml", policy))!;

        var run = await Cli("cluster", "rbac", "--manifests", manifests, "--policies", policies);

        run.ExitCode.Should().Be(0, run.ToString());
        var documents = Parse(run.StandardOutput);
        Grants(documents).Should().BeEquivalentTo(expected, why);
        AssertShape(documents, "mcpgate", "mcpgate");
    }

    [Fact]
    public async Task Rbac_RemovingTheNodeWriteManifests_RemovesPatchOnNodes()
    {
        var all = await Cli("cluster", "rbac", "--manifests", RepoPaths.Manifests, "--policies", RepoPaths.Policies);
        var fewer = Directory.CreateDirectory(_dir.Combine("manifests")).FullName;
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Manifests, "*.yaml")
            .Where(f => Path.GetFileName(f) is not ("cordon_node.yaml" or "uncordon_node.yaml" or "drain_node.yaml")))
        {
            File.Copy(file, Path.Combine(fewer, Path.GetFileName(file)));
        }

        var without = await Cli("cluster", "rbac", "--manifests", fewer, "--policies", RepoPaths.Policies);

        all.ExitCode.Should().Be(0, all.ToString());
        without.ExitCode.Should().Be(0, without.ToString());
        var before = Grants(Parse(all.StandardOutput));
        var after = Grants(Parse(without.StandardOutput));
        before.Should().Contain(["cluster get /nodes", "cluster patch /nodes", "cluster create /pods/eviction", "cluster list /nodes"]);
        before.Except(after).Should().BeEquivalentTo(["cluster get /nodes", "cluster patch /nodes", "cluster create /pods/eviction"],
            "only cordon, uncordon and drain get and patch nodes and evict pods; nodes_list still lists them");
        after.Except(before).Should().BeEmpty();
    }

    [Fact]
    public async Task Rbac_ShippedFiles_ParseAndUseNoWildcard()
    {
        var run = await Cli("cluster", "rbac", "--manifests", RepoPaths.Manifests, "--policies", RepoPaths.Policies);

        run.ExitCode.Should().Be(0, run.ToString());
        var documents = Parse(run.StandardOutput);
        AssertShape(documents, "mcpgate", "mcpgate");
        documents.Select(d => Text(d, "kind")).Should().Contain(["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"]);
        run.StandardOutput.Should().Contain("delete_resource: namespace pattern 'staging-*' cannot be written in RBAC")
            .And.Contain("apply_manifest applies objects whose kinds are known only at call time");
    }

    [Fact]
    public async Task Rbac_NamedServiceAccount_IsTheSubjectOfEveryBinding()
    {
        var run = await Cli("cluster", "rbac", "--manifests", RepoPaths.Manifests, "--policies", RepoPaths.Policies,
            "--namespace", "platform-gates", "--service-account", "gate.prod");

        run.ExitCode.Should().Be(0, run.ToString());
        AssertShape(Parse(run.StandardOutput), "platform-gates", "gate.prod");
    }

    [Theory]
    [InlineData("--namespace", "Ops")]
    [InlineData("--namespace", "ops_gate")]
    [InlineData("--namespace", "a.b")]
    [InlineData("--namespace", "-ops")]
    [InlineData("--service-account", "Gate")]
    [InlineData("--service-account", "gate/x")]
    [InlineData("--service-account", "gate\nkind: ClusterRole")]
    public async Task Rbac_InvalidName_ExitsTwoNamingTheOption(string option, string value)
    {
        var run = await Cli("cluster", "rbac", option, value);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain($"mcpgate: {option} '").And.Contain("must be a DNS");
        run.StandardOutput.Should().BeEmpty();
    }

    /// <summary>Every rule as "NAMESPACE VERB GROUP/RESOURCE" ("cluster" for the ClusterRole).</summary>
    private static List<string> Grants(List<YamlMappingNode> documents) =>
        [.. documents
            .Where(d => Text(d, "kind") is "Role" or "ClusterRole")
            .SelectMany(d => ((YamlSequenceNode)d.Children[new YamlScalarNode("rules")]).Children.Cast<YamlMappingNode>()
                .SelectMany(rule => Flow(rule, "apiGroups").SelectMany(g => Flow(rule, "resources").SelectMany(r => Flow(rule, "verbs")
                    .Select(v => $"{(Text(d, "kind") == "Role" ? Text(d, "metadata", "namespace") : "cluster")} {v} {g}/{r}")))))];

    /// <summary>Only roles and their bindings, to the ServiceAccount, with no wildcard anywhere.</summary>
    private static void AssertShape(List<YamlMappingNode> documents, string ns, string serviceAccount)
    {
        documents.Should().NotBeEmpty();
        documents.Select(d => Text(d, "kind")).Should().OnlyContain(k => k == "Role" || k == "RoleBinding" || k == "ClusterRole" || k == "ClusterRoleBinding");
        documents.Should().ContainSingle(d => Text(d, "kind") == "ClusterRole", "the gate's own read of kube-system is cluster-wide");
        foreach (var role in documents.Where(d => Text(d, "kind") is "Role" or "ClusterRole"))
        {
            foreach (var rule in ((YamlSequenceNode)role.Children[new YamlScalarNode("rules")]).Children.Cast<YamlMappingNode>())
            {
                Flow(rule, "verbs").Concat(Flow(rule, "resources")).Concat(Flow(rule, "apiGroups")).Should().NotContain(v => v!.Contains('*'));
                rule.Children.Keys.Select(k => ((YamlScalarNode)k).Value).Should().BeEquivalentTo(["apiGroups", "resources", "verbs"]);
            }

            documents.Should().ContainSingle(b => Text(b, "kind") == Text(role, "kind") + "Binding"
                && Text(b, "metadata", "namespace") == Text(role, "metadata", "namespace")
                && Text(b, "roleRef", "name") == Text(role, "metadata", "name"));
        }

        foreach (var binding in documents.Where(d => Text(d, "kind") is "RoleBinding" or "ClusterRoleBinding"))
        {
            var subject = ((YamlSequenceNode)binding.Children[new YamlScalarNode("subjects")]).Children.Should().ContainSingle().Subject as YamlMappingNode;
            Text(subject!, "kind").Should().Be("ServiceAccount");
            Text(subject!, "name").Should().Be(serviceAccount);
            Text(subject!, "namespace").Should().Be(ns);
        }
    }

    private static List<YamlMappingNode> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static string? Text(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return ((YamlScalarNode)current).Value;
    }

    private static List<string?> Flow(YamlMappingNode rule, string key) =>
        [.. ((YamlSequenceNode)rule.Children[new YamlScalarNode(key)]).Children.Select(c => ((YamlScalarNode)c).Value)];

    /// <summary>From a directory with no policies/ or tool-manifests/, so only the flags decide.</summary>
    private Task<ProcessResult> Cli(params string[] arguments) =>
        ProcessRunner.RunAsync(McpGateCli.DotNet, [McpGateCli.AssemblyPath, .. arguments], TimeSpan.FromSeconds(60), workingDirectory: _dir.Path);
}
