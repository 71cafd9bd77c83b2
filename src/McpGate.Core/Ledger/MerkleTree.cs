using System.Security.Cryptography;

namespace McpGate.Core.Ledger;

/// <summary>
/// RFC 6962 / RFC 9162 Merkle tree hashing over SHA-256, as pure functions. Trees are given
/// as their leaf hashes (<see cref="LeafHash"/> of each leaf's data), in order.
/// </summary>
/// <remarks>
/// Leaf hash = SHA-256(0x00 || data); node hash = SHA-256(0x01 || left || right); a tree of
/// n &gt; 1 leaves splits at k, the largest power of two smaller than n; the empty tree's
/// root is SHA-256 of the empty string.
/// </remarks>
public static partial class MerkleTree
{
    public const int HashSize = SHA256.HashSizeInBytes;

    /// <summary>SHA-256 of the empty string: the root of the empty tree.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData([]);

    /// <summary>SHA-256(0x00 || data).</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> data)
    {
        // Ledger leaves are 32 bytes: hash them from the stack, without an incremental hasher.
        if (data.Length <= 256)
        {
            Span<byte> buffer = stackalloc byte[1 + data.Length];
            buffer[0] = 0x00;
            data.CopyTo(buffer[1..]);
            return SHA256.HashData(buffer);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([0x00]);
        hash.AppendData(data);
        return hash.GetHashAndReset();
    }

    /// <summary>SHA-256(0x01 || left || right).</summary>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * HashSize)];
        buffer[0] = 0x01;
        CheckHash(left, nameof(left)).CopyTo(buffer[1..]);
        CheckHash(right, nameof(right)).CopyTo(buffer[(1 + HashSize)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>MTH(D[n]): the root hash of the tree with these leaf hashes.</summary>
    public static byte[] RootHash(IReadOnlyList<byte[]> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        return leafHashes.Count == 0 ? EmptyRoot() : SubtreeHash(leafHashes, 0, leafHashes.Count);
    }

    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n &gt; 1).</summary>
    internal static int SplitPoint(int n)
    {
        var k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }

        return k;
    }

    private static byte[] SubtreeHash(IReadOnlyList<byte[]> leafHashes, int start, int count)
    {
        if (count == 1)
        {
            return CheckHash(leafHashes[start], nameof(leafHashes)).ToArray();
        }

        var k = SplitPoint(count);
        return NodeHash(SubtreeHash(leafHashes, start, k), SubtreeHash(leafHashes, start + k, count - k));
    }

    private static ReadOnlySpan<byte> CheckHash(ReadOnlySpan<byte> hash, string parameterName) =>
        hash.Length == HashSize
            ? hash
            : throw new ArgumentException($"A Merkle tree hash is {HashSize} bytes; got {hash.Length}.", parameterName);

    /// <summary>Right-shifts both until <paramref name="fn"/>'s low bit is set or it is 0 (RFC 9162 2.1.3.2).</summary>
    private static void ShiftWhileEven(ref long fn, ref long sn)
    {
        while (fn != 0 && (fn & 1) == 0)
        {
            fn >>= 1;
            sn >>= 1;
        }
    }
}
