using McpGate.Core.Crypto;
using McpGate.Core.Storage;
using McpGate.Testing.Files;

namespace McpGate.Core.Tests.Storage;

public sealed class GateKeyStoreTests
{
    [Fact]
    public void LoadOrCreate_ThenTryLoadPublicKey_ReturnTheSameKey()
    {
        using var temp = new TempDirectory();
        var data = DataDirectory.Resolve(temp.Combine("data"));

        using var key = GateKeyStore.LoadOrCreate(data);

        GateKeyStore.TryLoadPublicKey(data).Should().Be(key.PublicKey);
        KeyFile.ReadPublicKey(data.GatePublicKeyPath).Should().Be(key.PublicKey);
    }

    [Fact]
    public void LoadAndTryLoad_RefuseNamingBothFiles_WhenThePublicKeyFileWasSwapped()
    {
        using var temp = new TempDirectory();
        var data = DataDirectory.Resolve(temp.Combine("data"));
        GateKeyStore.LoadOrCreate(data).Dispose();
        using var other = Ed25519PrivateKey.Generate();
        File.Delete(data.GatePublicKeyPath);
        KeyFile.WritePublicKey(data.GatePublicKeyPath, other.PublicKey);

        var load = () => GateKeyStore.LoadOrCreate(data);
        var tryLoad = () => GateKeyStore.TryLoadPublicKey(data);

        load.Should().Throw<GateKeyMismatchException>().WithMessage($"*{data.GatePublicKeyPath}*does not match*{data.GateKeyPath}*");
        tryLoad.Should().Throw<GateKeyMismatchException>().WithMessage($"*{data.GatePublicKeyPath}*{data.GateKeyPath}*");
        KeyFile.ReadPublicKey(data.GatePublicKeyPath).Should().Be(other.PublicKey, "a mismatch is reported, never silently overwritten");
    }

    [Fact]
    public void TryLoadPublicKey_DerivesIt_WhenOnlyThePrivateKeyExists()
    {
        using var temp = new TempDirectory();
        var data = DataDirectory.Resolve(temp.Combine("data"));
        using var key = GateKeyStore.LoadOrCreate(data);
        File.Delete(data.GatePublicKeyPath);

        GateKeyStore.TryLoadPublicKey(data).Should().Be(key.PublicKey);
    }

    [Fact]
    public void TryLoadPublicKey_ReadsThePublicFile_WhenThereIsNoPrivateKey()
    {
        using var temp = new TempDirectory();
        var data = DataDirectory.Resolve(temp.Combine("data")).EnsureExists();
        using var key = Ed25519PrivateKey.Generate();
        KeyFile.WritePublicKey(data.GatePublicKeyPath, key.PublicKey);

        GateKeyStore.TryLoadPublicKey(data).Should().Be(key.PublicKey);
        GateKeyStore.TryLoadPublicKey(DataDirectory.Resolve(temp.Combine("none"))).Should().BeNull();
    }
}
