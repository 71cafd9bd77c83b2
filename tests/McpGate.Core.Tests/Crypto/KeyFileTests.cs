using System.Security.Cryptography;
using McpGate.Core.Crypto;
using McpGate.Testing.Files;

namespace McpGate.Core.Tests.Crypto;

public sealed class KeyFileTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void WritePrivateKey_NewFile_IsMode0600AndReadsBack()
    {
        using var key = Ed25519PrivateKey.Generate();
        var path = _directory.Combine("gate.key");

        KeyFile.WritePrivateKey(path, key);
        using var reread = KeyFile.ReadPrivateKey(path);

        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        reread.PublicKey.Should().Be(key.PublicKey);
    }

    [Fact]
    public void WritePrivateKey_ExistingFileWithoutOverwrite_ThrowsAndKeepsFile()
    {
        using var key = Ed25519PrivateKey.Generate();
        var path = _directory.Combine("gate.key");
        File.WriteAllText(path, "keep me");

        var act = () => KeyFile.WritePrivateKey(path, key);

        act.Should().Throw<IOException>().WithMessage("*already exists*");
        File.ReadAllText(path).Should().Be("keep me");
    }

    [Fact]
    public void WritePrivateKey_OverwriteOfWorldReadableFile_Leaves0600File()
    {
        using var key = Ed25519PrivateKey.Generate();
        var path = _directory.Combine("gate.key");
        File.WriteAllText(path, "old");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("644", 8));
        }

        KeyFile.WritePrivateKey(path, key, overwrite: true);

        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        using var reread = KeyFile.ReadPrivateKey(path);
        reread.PublicKey.Should().Be(key.PublicKey);
        Directory.GetFiles(_directory.Path).Should().ContainSingle();
    }

    [Fact]
    public void WritePrivateKey_MissingDirectory_Throws()
    {
        using var key = Ed25519PrivateKey.Generate();

        var act = () => KeyFile.WritePrivateKey(_directory.Combine("missing/gate.key"), key);

        act.Should().Throw<DirectoryNotFoundException>().WithMessage("*does not exist*");
    }

    [Theory]
    [InlineData("644")]
    [InlineData("640")]
    [InlineData("604")]
    [InlineData("660")]
    public void ReadPrivateKey_GroupOrOtherCanAccess_ThrowsWithChmodHint(string mode)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var key = Ed25519PrivateKey.Generate();
        var path = _directory.Combine("gate.key");
        KeyFile.WritePrivateKey(path, key);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));

        var act = () => KeyFile.ReadPrivateKey(path);

        act.Should().Throw<KeyFormatException>()
            .WithMessage($"key file {path}: permissions 0{mode} are too open; run chmod 600 {path}");
    }

    [Theory]
    [InlineData("644", true)]
    [InlineData("600", true)]
    [InlineData("644", false)]
    [InlineData("600", false)]
    public void ReadPrivateKey_PublicKeyFile_SaysSoWhateverItsMode(string mode, bool pem)
    {
        using var key = Ed25519PrivateKey.Generate();
        var path = _directory.Combine("gate.pub");
        if (pem)
        {
            KeyFile.WritePublicKey(path, key.PublicKey);
        }
        else
        {
            File.WriteAllText(path, "  " + key.PublicKey + "\n");
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));
        }

        var act = () => KeyFile.ReadPrivateKey(path);

        act.Should().Throw<KeyFormatException>()
            .WithMessage($"key file {path}: this is a public key, which cannot sign; use your own private key*")
            .Which.Message.Should().NotContain("chmod");
    }

    [Fact]
    public void ReadPrivateKey_MissingFile_ThrowsNamingPath()
    {
        var path = _directory.Combine("absent.key");

        var act = () => KeyFile.ReadPrivateKey(path);

        act.Should().Throw<KeyFormatException>().WithMessage($"key file {path}: not found");
    }

    [Fact]
    public void ReadPrivateKey_NotPem_ThrowsNamingPath()
    {
        var path = WriteOwnerOnly("junk.key", "this is not a key");

        var act = () => KeyFile.ReadPrivateKey(path);

        act.Should().Throw<KeyFormatException>().WithMessage($"key file {path}: no PEM block found*");
    }

    [Fact]
    public void ReadPrivateKey_RsaKey_ThrowsNamingRsa()
    {
        using var rsa = RSA.Create(2048);
        var path = WriteOwnerOnly("rsa.key", rsa.ExportPkcs8PrivateKeyPem());

        var act = () => KeyFile.ReadPrivateKey(path);

        act.Should().Throw<KeyFormatException>().WithMessage($"key file {path}: not an Ed25519 key: this is an RSA key*");
    }

    [Fact]
    public void ReadPrivateKey_EcKey_ThrowsNamingEc()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = WriteOwnerOnly("ec.key", ec.ExportPkcs8PrivateKeyPem());

        var act = () => KeyFile.ReadPrivateKey(path);

        act.Should().Throw<KeyFormatException>().WithMessage("*an EC (ECDSA) key*");
    }

    [Fact]
    public void ReadPrivateKey_Directory_ThrowsKeyFormatException()
    {
        var act = () => KeyFile.ReadPrivateKey(_directory.Path);

        act.Should().Throw<KeyFormatException>().WithMessage($"key file {_directory.Path}:*");
    }

    [Fact]
    public void WritePublicKey_ThenRead_RoundTrips()
    {
        using var key = Ed25519PrivateKey.Generate();
        var path = _directory.Combine("gate.pub");

        KeyFile.WritePublicKey(path, key.PublicKey);
        KeyFile.WritePublicKey(path, key.PublicKey);

        KeyFile.ReadPublicKey(path).Should().Be(key.PublicKey);
        File.ReadAllText(path).Should().StartWith("-----BEGIN PUBLIC KEY-----");
        Directory.GetFiles(_directory.Path).Should().ContainSingle();
    }

    [Fact]
    public void ReadPublicKey_PolicyFormLine_IsAccepted()
    {
        using var key = Ed25519PrivateKey.Generate();
        var path = _directory.Combine("alice.pub");
        File.WriteAllText(path, key.PublicKey + "\n");

        KeyFile.ReadPublicKey(path).Should().Be(key.PublicKey);
    }

    [Fact]
    public void ReadPublicKey_SmallOrderKey_ThrowsNamingPath()
    {
        var path = _directory.Combine("evil.pub");
        var identity = new byte[32];
        identity[0] = 1;
        File.WriteAllText(path, "ed25519:" + Convert.ToBase64String(identity));

        var act = () => KeyFile.ReadPublicKey(path);

        act.Should().Throw<KeyFormatException>().WithMessage($"key file {path}: *small-order*");
    }

    private string WriteOwnerOnly(string name, string content)
    {
        var path = _directory.Combine(name);
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }
}
