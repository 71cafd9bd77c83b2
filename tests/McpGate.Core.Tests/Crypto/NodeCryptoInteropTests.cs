using McpGate.Core.Crypto;
using McpGate.Testing.Files;

namespace McpGate.Core.Tests.Crypto;

/// <summary>Our keys and signatures against Node's crypto module, an independent Ed25519 implementation.</summary>
public sealed class NodeCryptoInteropTests : IDisposable
{
    private const string SignWithOurKey = """
        const fs = require('fs'), crypto = require('crypto');
        const key = crypto.createPrivateKey(fs.readFileSync(process.argv[1], 'utf8'));
        const publicPem = crypto.createPublicKey(key).export({ type: 'spki', format: 'pem' });
        const sig = crypto.sign(null, Buffer.from(process.argv[2], 'utf8'), key);
        console.log(JSON.stringify({ publicPem, sig: sig.toString('base64') }));
        """;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [RequiresToolFact("node")]
    public async Task ToPem_PrivateKey_NodeDerivesSamePublicKeyAndSignaturesMatch()
    {
        using var key = Ed25519PrivateKey.Generate();
        var path = _directory.Combine("gate.key");
        KeyFile.WritePrivateKey(path, key);
        const string Message = "scale deployment web to 3";

        var result = (await ExternalTool.RunAsync("node", ["-e", SignWithOurKey, path, Message])).EnsureSuccess();
        using var output = System.Text.Json.JsonDocument.Parse(result.StandardOutput);
        var nodePublicPem = output.RootElement.GetProperty("publicPem").GetString()!;
        var nodeSignature = Convert.FromBase64String(output.RootElement.GetProperty("sig").GetString()!);

        nodePublicPem.Should().Be(key.PublicKey.ToPem());
        nodeSignature.Should().Equal(key.Sign(System.Text.Encoding.UTF8.GetBytes(Message)));
        key.PublicKey.Verify(System.Text.Encoding.UTF8.GetBytes(Message), nodeSignature).Should().BeTrue();
    }
}
