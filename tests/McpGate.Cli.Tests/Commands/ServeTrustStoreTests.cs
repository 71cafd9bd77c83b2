using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;

namespace McpGate.Cli.Tests.Commands;

/// <summary>
/// <c>serve</c> reads the system trust store on another thread at start (the first TLS handshake would
/// otherwise wait for it). A store that is missing or holds garbage must change nothing: the sandbox's
/// cluster is trusted through its kubeconfig's CA, so reads and proposals work as with a sound store.
/// </summary>
public sealed class ServeTrustStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new("mcpgate-trust-store-");

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Stores => ["garbage", "missing", "empty"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Serve_WithABrokenSystemTrustStore_StillReachesTheClusterThroughItsCa(string store)
    {
        var certs = _dir.Combine("certs");
        var bundle = _dir.Combine("ca-certificates.crt");
        if (store != "missing")
        {
            Directory.CreateDirectory(certs);
            var content = store == "garbage" ? "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n" : "";
            File.WriteAllText(bundle, content);
            File.WriteAllText(Path.Combine(certs, "0a1b2c3d.0"), content);
            File.WriteAllText(Path.Combine(certs, "broken.pem"), content);
        }

        // OpenSSL, and .NET's store on Linux, take the store's paths from these.
        var environment = new Dictionary<string, string?> { ["SSL_CERT_DIR"] = certs, ["SSL_CERT_FILE"] = bundle };
        await using var client = await McpGateClient.StartAsync(
            ["--sandbox", "--data-dir", _dir.Combine("data"), "--policies", _dir.CopyPolicies(), "--agent", "trust-test", "--log-level", "Warning"],
            environment);

        var web = await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" });
        var proposal = await client.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 3, ["reason"] = "trust store test" });

        web.GetProperty("name").GetString().Should().Be("web", store);
        proposal.GetProperty("status").GetString().Should().Be("pending_approval", store);
    }

    [Fact]
    public async Task Serve_AtDebug_SaysWhichTrustStoreItReadBesideTheStart_FromTheBundleAndTheDirectory()
    {
        // Two roots in the bundle and a third in the directory, as SSL_CERT_FILE and SSL_CERT_DIR name
        // them: the line an operator reads to see what the first handshake's check waits for.
        var certs = _dir.Combine("certs");
        Directory.CreateDirectory(certs);
        var bundle = _dir.Combine("bundle.pem");
        File.WriteAllText(bundle, SelfSignedPem("CN=bundle root one") + SelfSignedPem("CN=bundle root two"));
        File.WriteAllText(Path.Combine(certs, "directory-root.pem"), SelfSignedPem("CN=directory root"));
        var environment = new Dictionary<string, string?> { ["SSL_CERT_DIR"] = certs, ["SSL_CERT_FILE"] = bundle };
        var log = new ConcurrentQueue<string>();

        await using var client = await McpGateClient.StartAsync(
            ["--sandbox", "--data-dir", _dir.Combine("data"), "--policies", _dir.CopyPolicies(), "--agent", "trust-test", "--log-level", "Debug"],
            environment,
            log.Enqueue);
        var web = await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" });

        // The line is written by a continuation of the read and reaches the client through the stderr pipe.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!log.Any(IsTheStoreLine) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        web.GetProperty("name").GetString().Should().Be("web");
        log.Where(IsTheStoreLine).Should().ContainSingle()
            .Which.Should().Contain("(root certificates: 3)");
    }

    private static bool IsTheStoreLine(string line) => line.Contains("trust store read beside the start", StringComparison.Ordinal);

    private static string SelfSignedPem(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return certificate.ExportCertificatePem() + "\n";
    }
}
