using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Tests.Support;
using McpGate.Testing.Sandbox;
using McpGate.Testing.Time;

namespace McpGate.Kubernetes.Tests.Authentication;

/// <summary>A client certificate from an exec plugin that rotates is the one presented next, even on a pooled client.</summary>
public sealed class ExecClientCertificateRotationTests : IClassFixture<SandboxFixture>, IDisposable
{
    private static readonly ResourceRef s_selfSubjectReviews = new() { Group = "authentication.k8s.io", Version = "v1", Resource = "selfsubjectreviews" };
    private readonly SandboxFixture _sandbox;
    private readonly ExecPluginScript _plugin = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public ExecClientCertificateRotationTests(SandboxFixture sandbox) => _sandbox = sandbox;

    public void Dispose()
    {
        _plugin.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task CreateAsync_ExecCertificateRotated_PresentsTheNewCertificate()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var expiry = clock.GetUtcNow().AddMinutes(10);
        var alice = _plugin.WritePrinting("alice.sh", Credential("alice", expiry));
        var bob = _plugin.WritePrinting("bob.sh", Credential("bob", expiry));
        var script = _plugin.WriteScript("plugin.sh", $"if [ \"$n\" = 1 ]; then '{alice}'; else '{bob}'; fi");
        var endpoint = _plugin.Endpoint(_sandbox.Cluster.SecureBaseAddress, _sandbox.Cluster.CertificateAuthorityPem, script);
        using var client = new KubeApiClient(endpoint, new KubeApiClientOptions { TimeProvider = clock });

        var first = await WhoAmIAsync(client);
        clock.Advance(TimeSpan.FromMinutes(11));
        var second = await WhoAmIAsync(client);
        var third = await WhoAmIAsync(client);

        (first, second, third).Should().Be(("alice", "bob", "bob"));
    }

    private async Task<string?> WhoAmIAsync(KubeApiClient client)
    {
        var review = await client.CreateAsync(
            s_selfSubjectReviews,
            new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "SelfSubjectReview" },
            cancellationToken: _timeout.Token);
        return review["status"]?["userInfo"]?["username"]?.GetValue<string>();
    }

    private string Credential(string user, DateTimeOffset expiry)
    {
        var certificate = _sandbox.Cluster.IssueClientCertificate(user, ["system:masters"]);
        return new JsonObject
        {
            ["apiVersion"] = KubeExecConfig.ApiVersionV1,
            ["kind"] = "ExecCredential",
            ["status"] = new JsonObject
            {
                ["clientCertificateData"] = certificate.CertificatePem,
                ["clientKeyData"] = certificate.PrivateKeyPem,
                ["expirationTimestamp"] = expiry.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            },
        }.ToJsonString();
    }
}
