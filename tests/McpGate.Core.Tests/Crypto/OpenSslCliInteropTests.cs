using McpGate.Core.Crypto;
using McpGate.Testing.Files;

namespace McpGate.Core.Tests.Crypto;

/// <summary>Our PEM files against the openssl command line tool, in both directions.</summary>
public sealed class OpenSslCliInteropTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [RequiresToolFact("openssl")]
    public async Task ToPem_PrivateKey_IsParsedByOpenSslWithSamePublicKey()
    {
        using var key = Ed25519PrivateKey.Generate();
        var path = _directory.Combine("gate.key");
        KeyFile.WritePrivateKey(path, key);

        var result = (await ExternalTool.RunAsync("openssl", ["pkey", "-in", path, "-pubout"])).EnsureSuccess();

        result.StandardOutput.Should().Be(key.PublicKey.ToPem());
    }

    [RequiresToolFact("openssl")]
    public async Task ToPem_PublicKey_IsParsedByOpenSsl()
    {
        using var key = Ed25519PrivateKey.Generate();
        var path = _directory.Combine("gate.pub");
        KeyFile.WritePublicKey(path, key.PublicKey);

        var result = (await ExternalTool.RunAsync("openssl", ["pkey", "-pubin", "-in", path, "-noout", "-text"])).EnsureSuccess();

        result.StandardOutput.Should().Contain("ED25519 Public-Key");
    }

    [RequiresToolFact("openssl")]
    public async Task FromPem_OpenSslGeneratedKey_SignsWhatOpenSslVerifiesAndViceVersa()
    {
        var keyPath = _directory.Combine("openssl.key");
        var messagePath = _directory.Combine("message.bin");
        var signaturePath = _directory.Combine("message.sig");
        var publicPath = _directory.Combine("openssl.pub");
        var message = "approve change 7"u8.ToArray();
        await File.WriteAllBytesAsync(messagePath, message);
        (await ExternalTool.RunAsync("openssl", ["genpkey", "-algorithm", "ed25519", "-out", keyPath])).EnsureSuccess();
        (await ExternalTool.RunAsync("openssl", ["pkey", "-in", keyPath, "-pubout", "-out", publicPath])).EnsureSuccess();
        (await ExternalTool.RunAsync("openssl", ["pkeyutl", "-sign", "-rawin", "-inkey", keyPath, "-in", messagePath, "-out", signaturePath])).EnsureSuccess();

        using var ours = Ed25519PrivateKey.FromPem(await File.ReadAllTextAsync(keyPath));
        var theirPublic = KeyFile.ReadPublicKey(publicPath);

        theirPublic.Should().Be(ours.PublicKey);
        var theirSignature = await File.ReadAllBytesAsync(signaturePath);
        theirPublic.Verify(message, theirSignature).Should().BeTrue();
        var ourSignature = ours.Sign(message);
        await File.WriteAllBytesAsync(signaturePath, ourSignature);
        var verify = await ExternalTool.RunAsync(
            "openssl", ["pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", publicPath, "-in", messagePath, "-sigfile", signaturePath]);
        verify.EnsureSuccess().StandardOutput.Should().Contain("Signature Verified Successfully");
    }

    [RequiresToolFact("openssl")]
    public async Task ReadPrivateKey_OpenSslRsaKey_ThrowsNamingRsa()
    {
        var path = _directory.Combine("rsa.key");
        (await ExternalTool.RunAsync("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", path])).EnsureSuccess();
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var act = () => KeyFile.ReadPrivateKey(path);

        act.Should().Throw<KeyFormatException>().WithMessage($"key file {path}: not an Ed25519 key: this is an RSA key*");
    }
}
