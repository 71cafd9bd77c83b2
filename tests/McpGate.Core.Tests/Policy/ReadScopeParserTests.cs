using FluentAssertions;
using McpGate.Core.Policy;
using Xunit;

namespace McpGate.Core.Tests.Policy;

public sealed class ReadScopeParserTests
{
    private const string File = "policies/scope.yaml";

    [Fact]
    public void Load_NoReadScope_Unrestricted()
    {
        var policy = PolicyYaml.Load((File, "rules: []\n"));

        policy.ReadScope.IsUnrestricted.Should().BeTrue();
        policy.ReadScope.AllowsNamespace("kube-system").Should().BeTrue();
    }

    [Fact]
    public void Load_ReadScope_KeptAsWrittenWithItsLocation()
    {
        var policy = PolicyYaml.Load((File, "readScope:\n  namespaces: [demo, 'team-*']\n  deny: [secrets, deployments.apps]\n  clusterScoped: false\n"));

        var scope = policy.ReadScope;
        scope.Namespaces.Should().Equal("demo", "team-*");
        scope.Deny.Should().Equal("secrets", "deployments.apps");
        scope.ClusterScoped.Should().BeFalse();
        scope.Location.Should().Be($"{File}:2:3");
        scope.AllowsNamespace("team-a").Should().BeTrue();
        scope.AllowsNamespace("teamx").Should().BeFalse();
        scope.AllowsNamespace("demo-evil").Should().BeFalse();
        scope.Denies(string.Empty, "secrets").Should().BeTrue();
        scope.Denies("apps", "deployments").Should().BeTrue();
        scope.Denies(string.Empty, "deployments").Should().BeFalse("deployments.apps names the apps group only");
    }

    public static TheoryData<string, string> BadScopes => new()
    {
        { "readScope:\n  deny: [Secrets]\n", "readScope.deny[0]: must be a lower-case plural resource" },
        { "readScope:\n  deny: ['secrets ']\n", "readScope.deny[0]: must be a lower-case plural resource" },
        { "readScope:\n  namespaces: ['te am']\n", "readScope.namespaces[0]: must be a name" },
        { "readScope:\n  clusterScoped: maybe\n", "readScope.clusterScoped" },
        { "readScope:\n  kinds: [pods]\n", "readScope.kinds" },
        { "readScope: [demo]\n", "readScope" },
    };

    [Theory]
    [MemberData(nameof(BadScopes))]
    public void Load_BadReadScope_ErrorNamesTheField(string yaml, string expected)
    {
        var errors = PolicyYaml.Errors((File, yaml));

        errors.Should().ContainSingle().Which.Should().Contain(expected).And.StartWith(File);
    }

    [Fact]
    public void Load_ReadScopeInTwoFiles_Refused()
    {
        var errors = PolicyYaml.Errors(("policies/a.yaml", "readScope:\n  namespaces: [demo]\n"), ("policies/b.yaml", "readScope:\n  namespaces: [prod]\n"));

        errors.Should().ContainSingle().Which.Should().Contain("policies/b.yaml").And.Contain(": readScope: is already set at policies/a.yaml");
    }

    [Fact]
    public void Load_EmptyDenyList_IsAllowed()
    {
        var scope = PolicyYaml.Load((File, "readScope:\n  deny: []\n  namespaces: [demo]\n")).ReadScope;

        scope.Deny.Should().BeEmpty();
        scope.ClusterScoped.Should().BeTrue("clusterScoped defaults to true");
    }

    [Fact]
    public void Load_DenyNotAList_ErrorNamesTheField()
    {
        PolicyYaml.Errors((File, "readScope:\n  deny: secrets\n")).Should().ContainSingle().Which.Should().Contain("readScope.deny");
    }

    public static TheoryData<ReadScope, bool> Restrictions => new()
    {
        { ReadScope.Unrestricted, true },
        { new ReadScope(), true },
        { new ReadScope { Namespaces = ["demo"] }, false },
        { new ReadScope { Deny = ["secrets"] }, false },
        { new ReadScope { ClusterScoped = false }, false },
        { new ReadScope { Namespaces = ["*"], Deny = ["secrets"], ClusterScoped = false }, false },
    };

    [Theory]
    [MemberData(nameof(Restrictions))]
    public void IsUnrestricted_OnlyWhenNothingIsLimited(ReadScope scope, bool unrestricted)
    {
        scope.IsUnrestricted.Should().Be(unrestricted);
    }

    [Fact]
    public void Defaults_UnrestrictedHasNoLocationAndReadsClusterScoped()
    {
        ReadScope.Unrestricted.Location.Should().BeEmpty();
        ReadScope.Unrestricted.ClusterScoped.Should().BeTrue();
        new ReadScope { Location = "p.yaml:1:1" }.Describe("deny").Should().Be("readScope.deny at p.yaml:1:1");
    }
}
