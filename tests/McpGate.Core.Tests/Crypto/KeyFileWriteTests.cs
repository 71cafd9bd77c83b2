using McpGate.Core.Crypto;
using McpGate.Testing.Files;

namespace McpGate.Core.Tests.Crypto;

/// <summary>What key files are written as (modes, no leftovers), the argument guards, and the size limit's edge.</summary>
public sealed class KeyFileWriteTests : IDisposable
{
    private const int MaxKeyFileBytes = 64 * 1024;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void WritePublicKey_IsMode0644_ReplacesAtomically_LeavesNoTemporaryFile()
    {
        using var first = Ed25519PrivateKey.Generate();
        using var second = Ed25519PrivateKey.Generate();
        var path = _directory.Combine("gate.pub.pem");

        KeyFile.WritePublicKey(path, first.PublicKey);
        KeyFile.WritePublicKey(path, second.PublicKey);

        KeyFile.ReadPublicKey(path).Should().Be(second.PublicKey);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        Directory.GetFiles(_directory.Path).Should().Equal(path);
    }

    [Fact]
    public void WritePrivateKey_Overwrite_KeepsMode0600_LeavesNoTemporaryFile()
    {
        using var first = Ed25519PrivateKey.Generate();
        using var second = Ed25519PrivateKey.Generate();
        var path = _directory.Combine("alice.pem");

        KeyFile.WritePrivateKey(path, first);
        KeyFile.WritePrivateKey(path, second, overwrite: true);

        using var reread = KeyFile.ReadPrivateKey(path);
        reread.PublicKey.Should().Be(second.PublicKey);
        Directory.GetFiles(_directory.Path).Should().Equal(path);
    }

    [Fact]
    public void Writers_RefuseMissingArguments()
    {
        using var key = Ed25519PrivateKey.Generate();
        var path = _directory.Combine("k.pem");

        ((Action)(() => KeyFile.WritePrivateKey("", key))).Should().Throw<ArgumentException>();
        ((Action)(() => KeyFile.WritePrivateKey(path, null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => KeyFile.WritePublicKey("", key.PublicKey))).Should().Throw<ArgumentException>();
        ((Action)(() => KeyFile.WritePublicKey(path, null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => KeyFile.ReadPrivateKey(""))).Should().Throw<ArgumentException>();
        ((Action)(() => KeyFile.ReadPublicKey(""))).Should().Throw<ArgumentException>();
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public void ReadPublicKey_FileOfExactlyTheLimit_IsReadNotRefusedForItsSize()
    {
        var path = _directory.Combine("big.pub");
        File.WriteAllText(path, new string('x', MaxKeyFileBytes));

        var act = () => KeyFile.ReadPublicKey(path);

        act.Should().Throw<KeyFormatException>().Which.Message.Should().NotContain("too large");
    }

    [Fact]
    public void ReadPublicKey_FileOneByteOverTheLimit_IsRefusedForItsSize()
    {
        var path = _directory.Combine("big.pub");
        File.WriteAllText(path, new string('x', MaxKeyFileBytes + 1));

        var act = () => KeyFile.ReadPublicKey(path);

        act.Should().Throw<KeyFormatException>().WithMessage($"key file {path}: {MaxKeyFileBytes + 1} bytes is too large for a key file");
    }
}
