using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// The approval API over HTTPS: the real <c>mcpgate serve --sandbox</c> with
/// <c>--approvals-tls-cert</c>/<c>--approvals-tls-key</c> from a private CA, and an approver's CLI
/// that trusts that CA only through <c>SSL_CERT_FILE</c> (how a private CA is added on Linux).
/// A CLI that does not trust it, and a plain-HTTP client, get nothing from the listener.
/// </summary>
public sealed class ApprovalsApiTlsTests
{
    [Fact]
    public async Task Https_ApproverTrustingTheCa_Approves_OthersAreRefusedAndNothingChanges()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        using var temp = new TempDirectory("mcpgate-api-tls-");
        var (caFile, certFile, keyFile) = WriteCertificates(temp);
        var aliceKey = temp.Combine("alice.pem");
        var alice = await GateFixture.GenerateKeyAsync("alice", aliceKey);
        var policies = temp.CopyPolicies(("approvers.yaml", $"approvers:\n{alice}\n"));
        var data = temp.Combine("data");
        await using var client = await McpGateClient.StartAsync(["--sandbox", "--data-dir", data, "--policies", policies, "--approvals-listen", "127.0.0.1:0",
            "--approvals-tls-cert", certFile, "--approvals-tls-key", keyFile, "--log-level", "Warning"]);
        var api = await ApprovalsApiEndToEndTests.Gate.PublishedUrlAsync(data);
        api.Scheme.Should().Be("https", "the published address is the TLS one");

        var proposal = await client.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = "web",
            ["replicas"] = 5,
            ["reason"] = "approval over https",
        }, cancellationToken: ct);
        var changeId = proposal.GetProperty("changeId").GetString()!;
        proposal.GetProperty("approveCommand").GetString().Should().EndWith($"--server {api.AbsoluteUri}");
        using var laptop = new TempDirectory("mcpgate-laptop-");
        var key = laptop.Combine("alice.pem");
        File.Copy(aliceKey, key);

        // Not trusting the private CA: refused before anything is sent, the change is still pending.
        var untrusted = await ApproverAsync(laptop, null, ["approvals", "approve", changeId, "--key", key, "--server", api.AbsoluteUri]);
        untrusted.ExitCode.Should().Be(2, untrusted.ToString());
        untrusted.StandardError.Should().Contain($"--server {api.AbsoluteUri}: the approval API at {api.AbsoluteUri} did not prove its identity over TLS")
            .And.Contain("a CA this machine trusts");
        (await client.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: ct))
            .GetProperty("status").GetString().Should().Be("pending_approval");

        // Plain HTTP on the TLS port gets no answer from the API.
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) })
        {
            var plain = new UriBuilder(api) { Scheme = "http" }.Uri;
            var act = async () =>
            {
                using var response = await http.GetAsync(new Uri(plain, "api/v1/changes"), ct);
                return response.StatusCode;
            };
            (await act.Should().ThrowAsync<HttpRequestException>()).Which.Should().NotBeNull();
        }

        // Trusting it: the list, then the approval, go through and the sandbox scales.
        var list = await ApproverAsync(laptop, caFile, ["approvals", "list", "--server", api.AbsoluteUri]);
        list.ExitCode.Should().Be(0, list.ToString());
        list.StandardOutput.Should().Contain(changeId);
        var approve = await ApproverAsync(laptop, caFile, ["approvals", "approve", changeId, "--key", key, "--server", api.AbsoluteUri]);
        approve.ExitCode.Should().Be(0, approve.ToString());
        var final = await client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, cancellationToken: ct);
        final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
        var web = await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" }, cancellationToken: ct);
        web.GetProperty("replicas").GetInt32().Should().Be(5);
    }

    private static Task<ProcessResult> ApproverAsync(TempDirectory laptop, string? trustedCas, string[] arguments) =>
        McpGateCli.RunFromRootAsync(arguments, new Dictionary<string, string?>
        {
            ["HOME"] = laptop.Path,
            ["XDG_DATA_HOME"] = laptop.Combine("xdg"),
            ["MCPGATE_HOME"] = null,
            ["MCPGATE_POLICIES"] = null,
            // .NET on Linux reads its trusted roots from here when set (as OpenSSL does); an empty
            // directory of its own keeps the machine's CAs from deciding the untrusted case.
            ["SSL_CERT_FILE"] = trustedCas ?? laptop.Combine("no-cas.pem"),
            ["SSL_CERT_DIR"] = laptop.Combine("no-ca-dir"),
        });

    /// <summary>A private CA, and a server certificate it issued for 127.0.0.1: the CA file, the chain and the key, as PEM files.</summary>
    private static (string Ca, string Certificate, string Key) WriteCertificates(TempDirectory temp)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=mcpgate-approvals-test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var server = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(2), RandomNumberGenerator.GetBytes(8));

        var (caFile, certificateFile, keyFile) = (temp.Combine("ca.pem"), temp.Combine("approvals.crt.pem"), temp.Combine("approvals.key.pem"));
        File.WriteAllText(caFile, ca.ExportCertificatePem());
        File.WriteAllText(certificateFile, server.ExportCertificatePem() + "\n" + ca.ExportCertificatePem());
        File.WriteAllText(keyFile, serverKey.ExportPkcs8PrivateKeyPem());
        return (caFile, certificateFile, keyFile);
    }
}
