using System.Security.Cryptography;

namespace McpGate.Core.Ledger;

public static partial class MerkleTree
{
    /// <summary>PATH(m, D[n]) (RFC 6962 2.1.1 / RFC 9162 2.1.3.1): the audit path of leaf <paramref name="index"/>.</summary>
    public static IReadOnlyList<byte[]> InclusionProof(IReadOnlyList<byte[]> leafHashes, int index)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, leafHashes.Count);

        var path = new List<byte[]>();
        var start = 0;
        var count = leafHashes.Count;
        while (count > 1)
        {
            var k = SplitPoint(count);
            if (index - start < k)
            {
                path.Add(SubtreeHash(leafHashes, start + k, count - k));
                count = k;
            }
            else
            {
                path.Add(SubtreeHash(leafHashes, start, k));
                start += k;
                count -= k;
            }
        }

        // Built top-down; the proof lists siblings from the leaf up.
        path.Reverse();
        return path;
    }

    /// <summary>
    /// Verifies that <paramref name="leafHash"/> is leaf <paramref name="index"/> of the tree of
    /// <paramref name="treeSize"/> leaves with root <paramref name="rootHash"/> (RFC 9162 2.1.3.2).
    /// </summary>
    public static bool VerifyInclusion(
        ReadOnlySpan<byte> leafHash,
        long index,
        long treeSize,
        IReadOnlyList<byte[]> proof,
        ReadOnlySpan<byte> rootHash)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (index < 0 || index >= treeSize || leafHash.Length != HashSize || rootHash.Length != HashSize)
        {
            return false;
        }

        var fn = index;
        var sn = treeSize - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0 || p is null || p.Length != HashSize)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                ShiftWhileEven(ref fn, ref sn);
            }
            else
            {
                r = NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(r, rootHash);
    }
}
