using McpGate.Core.Policy;
using McpGate.Kubernetes.Diagnostics;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Diagnostics;

/// <summary><c>cluster check</c> reports what the credentials could read beyond the policy's read scope.</summary>
public sealed class ClusterCheckReadScopeTests : IClassFixture<KubeSandboxFixture>, IDisposable
{
    private static readonly ReadScope s_scope = new() { Namespaces = ["demo"], Deny = ["secrets"], ClusterScoped = false, Location = "policies/scope.yaml:1:12" };

    private readonly KubeSandboxFixture _sandbox;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    public ClusterCheckReadScopeTests(KubeSandboxFixture sandbox) => _sandbox = sandbox;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task BeyondReadScope_Admin_EveryBreadthNamed()
    {
        using var client = _sandbox.Client();
        var errors = new List<string>();

        var findings = await ClusterCheck.BeyondReadScopeAsync(client, s_scope, errors, _timeout.Token);

        errors.Should().BeEmpty();
        findings.Should().HaveCount(3);
        findings.Should().Contain(f => f.StartsWith("may list secrets in every namespace", StringComparison.Ordinal) && f.Contains("readScope.deny at policies/scope.yaml:1:12", StringComparison.Ordinal));
        findings.Should().Contain(f => f.StartsWith("may list nodes", StringComparison.Ordinal));
        findings.Should().Contain(f => f.StartsWith("may list pods in every namespace, beyond the read scope's namespaces demo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BeyondReadScope_ViewerWithoutSecrets_SecretsNotReported()
    {
        using var client = _sandbox.Client(token: KubeSandboxFixture.ViewToken);
        var errors = new List<string>();

        var findings = await ClusterCheck.BeyondReadScopeAsync(client, s_scope, errors, _timeout.Token);

        errors.Should().BeEmpty();
        findings.Should().NotContain(f => f.Contains("secrets", StringComparison.Ordinal), "the view role cannot list secrets");
        findings.Should().Contain(f => f.StartsWith("may list pods in every namespace", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BeyondReadScope_Unrestricted_Nothing()
    {
        using var client = _sandbox.Client();

        var findings = await ClusterCheck.BeyondReadScopeAsync(client, ReadScope.Unrestricted, [], _timeout.Token);

        findings.Should().BeEmpty();
    }
}
