using McpGate.Core.Crypto;

namespace McpGate.Core.Storage;

/// <summary>
/// The gate's own Ed25519 key, which signs proofs (never approvals). Generated on first start
/// in the data directory with mode 0600; its public half is written beside it for verifiers.
/// The two files are checked against each other wherever the private key is readable: a
/// replaced or stale <c>gate-key.pub.pem</c> stops the server and the CLI instead of being trusted.
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
            else
            {
                try
                {
                    RequireMatch(directory, existing.PublicKey, KeyFile.ReadPublicKey(directory.GatePublicKeyPath));
                }
                catch
                {
                    existing.Dispose();
                    throw;
                }
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

    /// <summary>
    /// The gate's public key, for verifying proofs: derived from the private key when this user
    /// can read it (and then checked against <c>gate-key.pub.pem</c>), else read from
    /// <c>gate-key.pub.pem</c>; null when neither exists.
    /// </summary>
    /// <exception cref="GateKeyMismatchException">The two files hold different keys.</exception>
    public static Ed25519PublicKey? TryLoadPublicKey(DataDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var published = File.Exists(directory.GatePublicKeyPath) ? KeyFile.ReadPublicKey(directory.GatePublicKeyPath) : null;
        if (!File.Exists(directory.GateKeyPath))
        {
            return published;
        }

        Ed25519PrivateKey privateKey;
        try
        {
            privateKey = KeyFile.ReadPrivateKey(directory.GateKeyPath);
        }
        catch (UnauthorizedAccessException)
        {
            // Another user's gate (an approver on a shared host): the public file is all there is.
            return published;
        }

        using (privateKey)
        {
            if (published is not null)
            {
                RequireMatch(directory, privateKey.PublicKey, published);
            }

            return privateKey.PublicKey;
        }
    }

    private static void RequireMatch(DataDirectory directory, Ed25519PublicKey derived, Ed25519PublicKey published)
    {
        if (!derived.Equals(published))
        {
            throw new GateKeyMismatchException(
                $"{directory.GatePublicKeyPath} ({published.KeyId}) does not match the public half of {directory.GateKeyPath} ({derived.KeyId}): " +
                $"the public key file was replaced or is stale; restore the matching pair, or delete {directory.GatePublicKeyPath} to have the server write it again from {directory.GateKeyPath}");
        }
    }
}
