using McpGate.Kubernetes.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace McpGate.Kubernetes.Tests.Diagnostics;

/// <summary>The RBAC printed for missing permissions grants exactly those, to the right subject, as valid YAML.</summary>
public sealed class RbacSuggestionTests
{
    private static readonly ClusterAccessRequirement s_patch = new("patch", "apps", "deployments") { NeededBy = ["scale_deployment"] };
    private static readonly ClusterAccessRequirement s_get = new("get", "apps", "deployments") { NeededBy = ["get_deployment", "scale_deployment"] };
    private static readonly ClusterAccessRequirement s_nodes = new("get", string.Empty, "nodes") { ClusterWide = true, NeededBy = ["get_node"] };

    [Fact]
    public void ToYaml_NamespacedAndClusterWide_RolePerNamespaceAndOneClusterRole()
    {
        var yaml = RbacSuggestion.ToYaml(
            [("prod", s_patch), ("demo", s_patch), ("demo", s_get), ("*", s_nodes)],
            RbacSubject.FromUsername("alice"));

        var documents = Parse(yaml);
        documents.Select(d => (Text(d, "kind"), Text(d, "metadata", "namespace"))).Should().Equal(
            ("Role", "demo"), ("RoleBinding", "demo"),
            ("Role", "prod"), ("RoleBinding", "prod"),
            ("ClusterRole", null), ("ClusterRoleBinding", null));
        var demoRules = (YamlSequenceNode)documents[0].Children[new YamlScalarNode("rules")];
        demoRules.Children.Should().ContainSingle();
        Flow(demoRules[0], "apiGroups").Should().Equal("apps");
        Flow(demoRules[0], "resources").Should().Equal("deployments");
        Flow(demoRules[0], "verbs").Should().Equal("get", "patch");
        var clusterRules = (YamlSequenceNode)documents[4].Children[new YamlScalarNode("rules")];
        Flow(clusterRules[0], "apiGroups").Should().Equal(string.Empty);
        Flow(clusterRules[0], "resources").Should().Equal("nodes");
        Text(documents[1], "roleRef", "kind").Should().Be("Role");
        Text(documents[5], "roleRef", "kind").Should().Be("ClusterRole");
        yaml.Should().Contain("# for the tools: get_deployment, scale_deployment").And.NotContain("*");
    }

    [Fact]
    public void ToYaml_AllNamespaces_IsAClusterRole()
    {
        var documents = Parse(RbacSuggestion.ToYaml([("*", s_patch)], RbacSubject.FromUsername("alice")));

        documents.Select(d => Text(d, "kind")).Should().Equal("ClusterRole", "ClusterRoleBinding");
    }

    [Theory]
    [InlineData("system:serviceaccount:gate:mcpgate", "ServiceAccount", "mcpgate", "gate")]
    [InlineData("alice@example.com", "User", "alice@example.com", null)]
    [InlineData("system:serviceaccount:gate", "User", "system:serviceaccount:gate", null)]
    [InlineData("system:serviceaccount::x", "User", "system:serviceaccount::x", null)]
    [InlineData("system:serviceaccount:a:b:c", "User", "system:serviceaccount:a:b:c", null)]
    public void ToYaml_Subject_FromTheUsernameTheServerReports(string username, string kind, string name, string? ns)
    {
        var binding = Parse(RbacSuggestion.ToYaml([("demo", s_patch)], RbacSubject.FromUsername(username)))[1];

        var subject = (YamlMappingNode)((YamlSequenceNode)binding.Children[new YamlScalarNode("subjects")])[0];
        Text(subject, "kind").Should().Be(kind);
        Text(subject, "name").Should().Be(name);
        Text(subject, "namespace").Should().Be(ns);
    }

    [Theory]
    [InlineData("evil\nkind: ClusterRole")]
    [InlineData("\"quoted\" ] name")]
    [InlineData("#comment")]
    public void ToYaml_HostileUsername_StaysOneScalar(string username)
    {
        var documents = Parse(RbacSuggestion.ToYaml([("demo", s_patch)], RbacSubject.FromUsername(username)));

        documents.Should().HaveCount(2);
        Text(documents[1], "kind").Should().Be("RoleBinding");
        var subject = (YamlMappingNode)((YamlSequenceNode)documents[1].Children[new YamlScalarNode("subjects")])[0];
        Text(subject, "name").Should().Be(username);
    }

    [Fact]
    public void ToYaml_UnknownSubject_SaysToReplaceIt()
    {
        var yaml = RbacSuggestion.ToYaml([("demo", s_patch)], subject: null);

        yaml.Should().Contain("identity is unknown");
        Text((YamlMappingNode)((YamlSequenceNode)Parse(yaml)[1].Children[new YamlScalarNode("subjects")])[0], "name")
            .Should().Be(RbacSuggestion.UnknownSubject);
    }

    [Fact]
    public void ToYaml_NothingToGrant_IsEmpty() =>
        RbacSuggestion.ToYaml([], RbacSubject.FromUsername("alice")).Should().BeEmpty();

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

    private static List<string?> Flow(YamlNode rule, string key) =>
        [.. ((YamlSequenceNode)((YamlMappingNode)rule).Children[new YamlScalarNode(key)]).Children.Select(c => ((YamlScalarNode)c).Value)];
}
