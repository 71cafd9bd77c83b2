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
}
