using McpGate.Core.Manifests;
using McpGate.Core.Policy;
using McpGate.Kubernetes.Diagnostics;
using McpGate.Testing.Files;

namespace McpGate.Kubernetes.Tests.Diagnostics;

/// <summary>Where <see cref="ClusterAccessGrants"/> places each permission, from the shipped manifests and a policy.</summary>
public sealed class ClusterAccessGrantsTests : IDisposable
{
    private static readonly ManifestSet s_manifests = ManifestLoader.LoadDirectory(RepoPaths.Manifests);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string[]> ToolPatterns => new()
    {
        { "scale_deployment", ["demo"] },
        { "'*'", ["demo"] },
        { "scale_deploy", [] },
        { "set_image", [] },
    };

    [Theory]
    [MemberData(nameof(ToolPatterns))]
    public void Plan_RuleToolPattern_GrantsTheToolsItMatches(string pattern, string[] namespaces)
    {
        var policy = Policy($"rules: [{{ name: r, tools: [{pattern}], namespaces: [demo], effect: allow, approval: {{ count: 1 }} }}]");

        var (grants, notes) = ClusterAccessGrants.Plan([s_manifests.Find("scale_deployment")!], policy);

        grants.Where(g => g.Requirement.Verb == "patch").Select(g => g.Namespace).Should().BeEquivalentTo(namespaces);
        notes.Any(n => n.StartsWith("scale_deployment: no allow rule", StringComparison.Ordinal)).Should().Be(namespaces.Length == 0);
    }

    [Fact]
    public void Plan_DenyRule_GrantsNothing()
    {
        var policy = Policy("rules: [{ name: r, tools: [scale_deployment], namespaces: [demo], effect: deny }]");

        var (grants, _) = ClusterAccessGrants.Plan([s_manifests.Find("scale_deployment")!], policy);

        grants.Should().Equal([("*", ClusterAccessGrants.ClusterIdentity)]);
    }

    [Fact]
    public void Plan_ClusterWideAndNamespacedGrantOfOnePermission_KeepsOnlyTheClusterWideOne()
    {
        var policy = Policy("rules: [{ name: r, tools: [update_configmap], namespaces: [demo, staging], effect: allow, approval: { count: 1 } }, { name: all, tools: [update_configmap], effect: allow, approval: { count: 1 } }]");

        var (grants, _) = ClusterAccessGrants.Plan([s_manifests.Find("update_configmap")!], policy);

        grants.Select(g => g.Namespace).Should().OnlyContain(n => n == "*");
        grants.Select(g => g.Requirement.Verb).Should().BeEquivalentTo(["get", "get", "patch"]);
    }

    private PolicySet Policy(string yaml)
    {
        var dir = _dir.Combine(Guid.NewGuid().ToString("N"));
        _dir.Write(Path.Combine(dir, "p.yaml"), yaml);
        return PolicySet.LoadDirectory(dir);
    }
}
