using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using McpGate.Core.Crypto;

namespace McpGate.Core.Ledger;

/// <summary>
/// Checkpoints as C2SP signed notes (c2sp.org/signed-note) with a tlog-checkpoint body
/// (c2sp.org/tlog-checkpoint), signed with the gate's Ed25519 key.
/// </summary>
/// <remarks>
/// <para>The note text is three lines, each ending in a newline: the origin, the tree size in
/// decimal without leading zeroes, and the standard base64 of the 32-byte root hash. Then a blank
/// line, then the signature line <c>— &lt;key name&gt; &lt;base64(key ID || signature)&gt;</c>:
/// an em dash (U+2014), a space, the key name, a space, and the base64 of the 4-byte big-endian
/// key ID followed by the 64-byte Ed25519 signature of the note text (newlines included, the blank
/// line not).</para>
/// <para>The key name is the origin. The key ID is the first four bytes of
/// <c>SHA-256(key name || 0x0A || 0x01 || 32-byte public key)</c>, 0x01 being the signature type of Ed25519.</para>
/// </remarks>
public static class CheckpointNote
{
    /// <summary>The signature line's prefix: U+2014 and a space.</summary>
    public const string SignaturePrefix = "\u2014 ";

    private const byte Ed25519SignatureType = 0x01;
    private const int KeyIdSize = 4;
    private const int SignatureSize = 64;

    /// <summary>Most signature lines a note may carry; the spec asks verifiers to accept at least 16.</summary>
    private const int MaxSignatures = 100;

    /// <summary>
    /// The origin (and key name) of the ledger whose checkpoints <paramref name="gateKey"/> signs:
    /// <c>mcpgate/</c> and the first 16 hex digits of the key's id (SHA-256 of the raw key). The
    /// gate key lives in the data directory beside the ledger, so this names the ledger.
    /// </summary>
    public static string OriginFor(Ed25519PublicKey gateKey)
    {
        ArgumentNullException.ThrowIfNull(gateKey);
        return "mcpgate/" + gateKey.KeyId[..16];
    }

    /// <summary>SHA-256(name || 0x0A || 0x01 || public key)[:4], big-endian.</summary>
    public static uint KeyId(string keyName, Ed25519PublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(keyName);
        ArgumentNullException.ThrowIfNull(publicKey);
        var name = Encoding.UTF8.GetBytes(keyName);
        var raw = publicKey.ToBytes();
        var input = new byte[name.Length + 2 + raw.Length];
        name.CopyTo(input, 0);
        input[name.Length] = 0x0A;
        input[name.Length + 1] = Ed25519SignatureType;
        raw.CopyTo(input, name.Length + 2);
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input));
    }

    /// <summary>The note text of a checkpoint: origin, size and base64 root, each line ending in a newline.</summary>
    public static string Text(string origin, long treeSize, ReadOnlySpan<byte> rootHash) =>
        string.Create(CultureInfo.InvariantCulture, $"{origin}\n{treeSize}\n{Convert.ToBase64String(rootHash)}\n");

    /// <summary>Signs <paramref name="text"/> (already ending in a newline) as a note with one signature by <paramref name="key"/> under <paramref name="keyName"/>.</summary>
    public static string Sign(string text, string keyName, Ed25519PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(keyName);
        ArgumentNullException.ThrowIfNull(key);
        var signature = key.Sign(Encoding.UTF8.GetBytes(text));
        var blob = new byte[KeyIdSize + signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(blob, KeyId(keyName, key.PublicKey));
        signature.CopyTo(blob, KeyIdSize);
        return text + "\n" + SignaturePrefix + keyName + " " + Convert.ToBase64String(blob) + "\n";
    }

    /// <summary>The signed checkpoint of a tree of <paramref name="treeSize"/> entries with this root, signed by the gate key.</summary>
    public static Checkpoint Create(long treeSize, ReadOnlySpan<byte> rootHash, Ed25519PrivateKey gateKey)
    {
        ArgumentNullException.ThrowIfNull(gateKey);
        var origin = OriginFor(gateKey.PublicKey);
        var note = Sign(Text(origin, treeSize, rootHash), origin, gateKey);
        return new Checkpoint { Origin = origin, TreeSize = treeSize, RootHash = rootHash.ToArray(), Note = note };
    }

    /// <summary>
    /// Reads a signed note holding a checkpoint. Checks the form only (no signature): throws
    /// <see cref="FormatException"/> naming the line and the rule that it breaks.
    /// </summary>
    public static Checkpoint Parse(string note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var (text, _) = Split(note);
        var lines = text[..^1].Split('\n');
        if (lines.Length < 3)
        {
            throw new FormatException($"a checkpoint's text has at least 3 lines (origin, tree size, root hash); this one has {lines.Length}");
        }

        if (lines.Any(l => l.Length == 0))
        {
            throw new FormatException("a checkpoint's text has no empty line");
        }

        var origin = lines[0];
        if (origin.Any(c => char.IsWhiteSpace(c) || c == '+'))
        {
            throw new FormatException($"checkpoint origin '{origin}' contains a space or '+'");
        }

        var sizeText = lines[1];
        if (!sizeText.All(char.IsAsciiDigit) || (sizeText.Length > 1 && sizeText[0] == '0')
            || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new FormatException($"checkpoint line 2 '{sizeText}' is not a tree size (decimal digits, no leading zero)");
        }

        var root = new byte[MerkleTree.HashSize + 1];
        if (!Convert.TryFromBase64String(lines[2], root, out var written) || written != MerkleTree.HashSize
            || Convert.ToBase64String(root, 0, written) != lines[2])
        {
            throw new FormatException($"checkpoint line 3 '{lines[2]}' is not the standard base64 of a 32-byte root hash");
        }

        return new Checkpoint { Origin = origin, TreeSize = size, RootHash = root[..MerkleTree.HashSize], Note = note };
    }

    /// <summary>
    /// Checks the checkpoint is signed by <paramref name="gateKey"/>: its origin must be the key's
    /// (<see cref="OriginFor"/>), a signature line must carry the key's name and key ID, and every such
    /// line must verify. Returns what is wrong, or <see langword="null"/> when it verifies.
    /// Lines of other keys are ignored, as the signed-note spec requires.
    /// </summary>
    public static string? Verify(Checkpoint checkpoint, Ed25519PublicKey gateKey)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(gateKey);
        var origin = OriginFor(gateKey);
        if (!string.Equals(checkpoint.Origin, origin, StringComparison.Ordinal))
        {
            return $"its origin '{checkpoint.Origin}' is not this gate key's ledger '{origin}' (a checkpoint of another ledger, or another key)";
        }

        string text;
        IReadOnlyList<string> signatures;
        try
        {
            (text, signatures) = Split(checkpoint.Note);
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }

        var keyId = KeyId(origin, gateKey);
        var message = Encoding.UTF8.GetBytes(text);
        var found = false;
        foreach (var line in signatures)
        {
            var (name, blob) = ParseSignatureLine(line);
            if (!string.Equals(name, origin, StringComparison.Ordinal) || blob.Length < KeyIdSize || BinaryPrimitives.ReadUInt32BigEndian(blob) != keyId)
            {
                continue;
            }

            if (blob.Length != KeyIdSize + SignatureSize || !gateKey.Verify(message, blob.AsSpan(KeyIdSize)))
            {
                return $"the signature of {origin}+{keyId:x8} does not verify: the note was altered after it was signed, or the signature was";
            }

            found = true;
        }

        return found ? null : $"it carries no signature of the gate key {origin}+{keyId:x8} ({gateKey})";
    }

    /// <summary>Splits a note at its last blank line into the signed text and the signature lines, checking the signed-note form.</summary>
    private static (string Text, IReadOnlyList<string> Signatures) Split(string note)
    {
        if (note.Any(c => c < ' ' && c != '\n'))
        {
            throw new FormatException("a signed note contains no control character other than newline");
        }

        if (!note.EndsWith('\n'))
        {
            throw new FormatException("a signed note ends with a newline after its last signature line");
        }

        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            throw new FormatException("a signed note has a blank line between its text and its signature lines; this one has none");
        }

        var text = note[..(split + 1)];
        var signatures = note[(split + 2)..^1].Split('\n');
        if (signatures.Length > MaxSignatures)
        {
            throw new FormatException($"a signed note carries at most {MaxSignatures} signatures here; this one has {signatures.Length}");
        }

        foreach (var line in signatures)
        {
            ParseSignatureLine(line);
        }

        return (text, signatures);
    }

    private static (string Name, byte[] Blob) ParseSignatureLine(string line)
    {
        if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal))
        {
            throw new FormatException($"signature line '{line}' does not start with an em dash (U+2014) and a space");
        }

        var rest = line[SignaturePrefix.Length..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || rest.IndexOf(' ', space + 1) >= 0)
        {
            throw new FormatException($"signature line '{line}' is not '— <key name> <base64 signature>'");
        }

        var name = rest[..space];
        if (name.Contains('+', StringComparison.Ordinal) || name.Any(char.IsWhiteSpace))
        {
            throw new FormatException($"signature line '{line}': a key name contains no space or '+'");
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(rest[(space + 1)..]);
        }
        catch (FormatException)
        {
            throw new FormatException($"signature line '{line}': the signature is not base64");
        }

        if (blob.Length < KeyIdSize + 1)
        {
            throw new FormatException($"signature line '{line}': the signature is shorter than a key ID and a signature");
        }

        return (name, blob);
    }
}
