using System.Security.Cryptography;
using System.Text;

namespace McpGate.Core.Crypto;

/// <summary>
/// Ed25519 key files: PKCS#8 PEM private keys readable by the owner only (mode 0600, like
/// OpenSSH), SPKI PEM public keys.
/// </summary>
public static class KeyFile
{
    private const int MaxKeyFileBytes = 64 * 1024;
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Writes <paramref name="key"/> as PKCS#8 PEM. The file is created with mode 0600, so it is
    /// never readable by others, not even briefly; replacing an existing file is atomic.
    /// </summary>
    public static void WritePrivateKey(string path, Ed25519PrivateKey key, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(key);
        var fullPath = Path.GetFullPath(path);
        EnsureParentExists(fullPath);
        if (!overwrite && File.Exists(fullPath))
        {
            throw new IOException($"key file {path} already exists; refusing to overwrite it (remove it first or ask for overwrite)");
        }

        var pem = Encoding.ASCII.GetBytes(key.ToPem());
        try
        {
            if (overwrite)
            {
                // A file that already exists keeps its mode when truncated: write a fresh 0600
                // file beside it and rename it over the old one instead.
                var temporary = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
                try
                {
                    WriteNew(temporary, pem, OwnerReadWrite);
                    File.Move(temporary, fullPath, overwrite: true);
                }
                finally
                {
                    File.Delete(temporary);
                }
            }
            else
            {
                try
                {
                    WriteNew(fullPath, pem, OwnerReadWrite);
                }
                catch (IOException ex) when (File.Exists(fullPath))
                {
                    throw new IOException($"key file {path} already exists; refusing to overwrite it (remove it first or ask for overwrite)", ex);
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pem);
        }
    }

    /// <summary>
    /// Reads a PKCS#8 Ed25519 private key. On Unix the file must not be accessible to group or others.
    /// Every problem is a <see cref="KeyFormatException"/> starting with "key file PATH:".
    /// </summary>
    public static Ed25519PrivateKey ReadPrivateKey(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (text, openToOthers) = ReadText(path);

        // What the file is comes before how it is protected: "chmod 600" is the wrong advice
        // for a public key, which is not a signing key whatever its mode.
        if (LooksLikePublicKey(text))
        {
            throw new KeyFormatException($"key file {path}: this is a public key, which cannot sign; use your own private key (the file 'mcpgate keys generate --out FILE' wrote, mode 0600)");
        }

        if (openToOthers is { } octal)
        {
            throw new KeyFormatException($"key file {path}: permissions {octal} are too open; run chmod 600 {path}");
        }

        try
        {
            return Ed25519PrivateKey.FromPem(text);
        }
        catch (KeyFormatException ex)
        {
            throw new KeyFormatException($"key file {path}: {ex.Message}", ex);
        }
    }

    /// <summary>Writes <paramref name="key"/> as SPKI PEM, replacing any existing file atomically.</summary>
    public static void WritePublicKey(string path, Ed25519PublicKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(key);
        var fullPath = Path.GetFullPath(path);
        EnsureParentExists(fullPath);
        var temporary = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            WriteNew(temporary, Encoding.ASCII.GetBytes(key.ToPem()), OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Reads a public key file: a "PUBLIC KEY" PEM or a single <c>ed25519:&lt;base64&gt;</c> line.</summary>
    public static Ed25519PublicKey ReadPublicKey(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (text, _) = ReadText(path);
        try
        {
            return Ed25519PublicKey.Parse(text);
        }
        catch (KeyFormatException ex)
        {
            throw new KeyFormatException($"key file {path}: {ex.Message}", ex);
        }
    }

    private static void EnsureParentExists(string fullPath)
    {
        var parent = Path.GetDirectoryName(fullPath);
        if (parent is null || !Directory.Exists(parent))
        {
            throw new DirectoryNotFoundException($"cannot write key file {fullPath}: directory {parent} does not exist");
        }
    }

    private static void WriteNew(string path, byte[] content, UnixFileMode mode)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using var stream = new FileStream(path, options);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>A PEM public key or an <c>ed25519:</c> policy line, as opposed to a private key.</summary>
    private static bool LooksLikePublicKey(string text)
    {
        var trimmed = text.TrimStart();
        return trimmed.StartsWith("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal)
            || trimmed.StartsWith("ed25519:", StringComparison.Ordinal);
    }

    /// <summary>The file's text, and its mode in octal when group or others may access it (Unix).</summary>
    private static (string Text, string? OpenToOthers) ReadText(string path)
    {
        if (!File.Exists(path))
        {
            throw new KeyFormatException($"key file {path}: not found");
        }

        try
        {
            // Check the mode on the open handle, so the file checked is the file read.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            string? openToOthers = null;
            if (!OperatingSystem.IsWindows())
            {
                var mode = File.GetUnixFileMode(stream.SafeFileHandle);
                if ((mode & GroupOrOther) != 0)
                {
                    openToOthers = Convert.ToString((int)mode & 0x1ff, 8).PadLeft(4, '0');
                }
            }

            if (stream.Length > MaxKeyFileBytes)
            {
                throw new KeyFormatException($"key file {path}: {stream.Length} bytes is too large for a key file");
            }

            using var reader = new StreamReader(stream, Encoding.ASCII);
            return (reader.ReadToEnd(), openToOthers);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new KeyFormatException($"key file {path}: not readable ({ex.Message})", ex);
        }
        catch (IOException ex)
        {
            throw new KeyFormatException($"key file {path}: cannot be read ({ex.Message})", ex);
        }
    }
}
