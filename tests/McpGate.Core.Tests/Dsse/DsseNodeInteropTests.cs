using System.Text;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Tests.Crypto;
using McpGate.Testing.Files;

namespace McpGate.Core.Tests.Dsse;

/// <summary>
/// Independent check with Node's crypto: it recomputes the PAE itself and verifies our envelopes,
/// and envelopes Node signs (URL-safe base64, no padding) verify in our code.
/// </summary>
public sealed class DsseNodeInteropTests : IDisposable
{
    private const string VerifyScript = """
        const fs = require('fs'), crypto = require('crypto');
        const env = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
        const key = crypto.createPublicKey(fs.readFileSync(process.argv[2], 'utf8'));
        const payload = Buffer.from(env.payload, 'base64');
        const type = Buffer.from(env.payloadType, 'utf8');
        const pae = Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
        console.log(env.signatures.length > 0 && env.signatures.every(s => crypto.verify(null, pae, key, Buffer.from(s.sig, 'base64'))));
        """;

    private const string SignScript = """
        const fs = require('fs'), crypto = require('crypto');
        const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
        const type = Buffer.from(process.argv[2], 'utf8');
        const payload = Buffer.from(process.argv[3], 'utf8');
        const pae = Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
        const sig = crypto.sign(null, pae, privateKey);
        fs.writeFileSync(process.argv[1] + '/node.pub', publicKey.export({ type: 'spki', format: 'pem' }));
        fs.writeFileSync(process.argv[1] + '/node.dsse.json', JSON.stringify({
          payload: payload.toString('base64url'), payloadType: process.argv[2],
          signatures: [{ keyid: 'node', sig: sig.toString('base64url') }] }));
        """;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [RequiresToolFact("node")]
    public async Task Sign_Envelope_VerifiesInNode()
    {
        using var key = Ed25519PrivateKey.Generate();
        var envelope = DsseSigner.Sign("application/vnd.in-toto+json", Encoding.UTF8.GetBytes("""{"_type":"https://in-toto.io/Statement/v1","é":"+/"}"""), key);
        var envelopePath = _directory.Combine("proof.dsse.json");
        var keyPath = _directory.Combine("gate.pub");
        await File.WriteAllTextAsync(envelopePath, envelope.ToJson());
        KeyFile.WritePublicKey(keyPath, key.PublicKey);

        var result = (await ExternalTool.RunAsync("node", ["-e", VerifyScript, envelopePath, keyPath])).EnsureSuccess();

        result.StandardOutput.Trim().Should().Be("true");
    }

    [RequiresToolFact("node")]
    public async Task Sign_TamperedEnvelope_FailsInNode()
    {
        using var key = Ed25519PrivateKey.Generate();
        var envelope = DsseSigner.Sign("application/vnd.in-toto+json", [1, 2, 3], key) with { Payload = [1, 2, 4] };
        var envelopePath = _directory.Combine("proof.dsse.json");
        var keyPath = _directory.Combine("gate.pub");
        await File.WriteAllTextAsync(envelopePath, envelope.ToJson());
        KeyFile.WritePublicKey(keyPath, key.PublicKey);

        var result = (await ExternalTool.RunAsync("node", ["-e", VerifyScript, envelopePath, keyPath])).EnsureSuccess();

        result.StandardOutput.Trim().Should().Be("false");
    }

    [RequiresToolFact("node")]
    public async Task Verify_NodeSignedEnvelope_Succeeds()
    {
        const string PayloadType = "application/vnd.mcpgate.approval+json";
        const string Payload = """{"approve":"sha256:abc","by":"alice"}""";

        (await ExternalTool.RunAsync("node", ["-e", SignScript, _directory.Path, PayloadType, Payload])).EnsureSuccess();
        var envelope = DsseEnvelope.Parse(await File.ReadAllTextAsync(_directory.Combine("node.dsse.json")));
        var nodeKey = KeyFile.ReadPublicKey(_directory.Combine("node.pub"));
        using var other = Ed25519PrivateKey.Generate();

        envelope.Payload.Should().Equal(Encoding.UTF8.GetBytes(Payload));
        DsseVerifier.Verify(envelope, [other.PublicKey, nodeKey]).VerifiedKeys.Should().Equal(nodeKey);
        DsseVerifier.Verify(envelope, [other.PublicKey]).Succeeded.Should().BeFalse();
    }
}
