using McpGate.Core.Crypto;

namespace McpGate.Core.Storage;

/// <summary>
/// The gate's own Ed25519 key, which signs proofs (never approvals). Generated on first start
/// in the data directory with mode 0600; its public half is written beside it for verifiers.
/// </summary>
public static class GateKeyStore
{
    public static Ed25519PrivateKey LoadOrCreate(DataDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        directory.EnsureExists();
        if (File.Exists(directory.GateKeyPath))
        {
            var existing = KeyFile.ReadPrivateKey(directory.GateKeyPath);
            if (!File.Exists(directory.GatePublicKeyPath))
            {
                KeyFile.WritePublicKey(directory.GatePublicKeyPath, existing.PublicKey);
            }

            return existing;
        }

        // Write the whole key to a temporary file, then move it into place without replacing:
        // a concurrent first start never sees a half-written key, and one of the two wins.
        var key = Ed25519PrivateKey.Generate();
        var temporary = directory.GateKeyPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        KeyFile.WritePrivateKey(temporary, key);
        try
        {
            File.Move(temporary, directory.GateKeyPath, overwrite: false);
        }
        catch (IOException) when (File.Exists(directory.GateKeyPath))
        {
            File.Delete(temporary);
            key.Dispose();
            var theirs = KeyFile.ReadPrivateKey(directory.GateKeyPath);
            KeyFile.WritePublicKey(directory.GatePublicKeyPath, theirs.PublicKey);
            return theirs;
        }

        KeyFile.WritePublicKey(directory.GatePublicKeyPath, key.PublicKey);
        return key;
    }

    /// <summary>The gate's public key, for verifying proofs without the private key.</summary>
    public static Ed25519PublicKey? TryLoadPublicKey(DataDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return File.Exists(directory.GatePublicKeyPath) ? KeyFile.ReadPublicKey(directory.GatePublicKeyPath) : null;
    }
}
