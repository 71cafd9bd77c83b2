using System.Security.Cryptography;

namespace McpGate.Core.Ledger;

public static partial class MerkleTree
{
    /// <summary>
    /// PROOF(m, D[n]) (RFC 6962 2.1.2 / RFC 9162 2.1.4.1): shows that the tree of the first
    /// <paramref name="firstSize"/> leaves is a prefix of the tree of all of <paramref name="leafHashes"/>.
    /// Empty when <paramref name="firstSize"/> is 0 or equals the tree size.
    /// </summary>
    public static IReadOnlyList<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leafHashes, int firstSize)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        ArgumentOutOfRangeException.ThrowIfNegative(firstSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstSize, leafHashes.Count);

        var proof = new List<byte[]>();
        if (firstSize == 0)
        {
            return proof;
        }

        // SUBPROOF(m, D[start : start + count], b), unrolled; collected top-down.
        var m = firstSize;
        var start = 0;
        var count = leafHashes.Count;
        var wholeFirstTree = true;
        while (m != count)
        {
            var k = SplitPoint(count);
            if (m <= k)
            {
                proof.Add(SubtreeHash(leafHashes, start + k, count - k));
                count = k;
            }
            else
            {
                proof.Add(SubtreeHash(leafHashes, start, k));
                m -= k;
                start += k;
                count -= k;
                wholeFirstTree = false;
            }
        }

        if (!wholeFirstTree)
        {
            proof.Add(SubtreeHash(leafHashes, start, count));
        }

        proof.Reverse();
        return proof;
    }

    /// <summary>
    /// Verifies that the tree of <paramref name="firstSize"/> leaves with root <paramref name="firstRoot"/>
    /// is a prefix of the tree of <paramref name="secondSize"/> leaves with root
    /// <paramref name="secondRoot"/> (RFC 9162 2.1.4.2). A first size of 0 is consistent with
    /// anything, given an empty proof.
    /// </summary>
    public static bool VerifyConsistency(
        long firstSize,
        long secondSize,
        ReadOnlySpan<byte> firstRoot,
        ReadOnlySpan<byte> secondRoot,
        IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (firstSize < 0 || firstSize > secondSize || firstRoot.Length != HashSize || secondRoot.Length != HashSize)
        {
            return false;
        }

        if (firstSize == 0)
        {
            return proof.Count == 0;
        }

        if (firstSize == secondSize)
        {
            return proof.Count == 0 && CryptographicOperations.FixedTimeEquals(firstRoot, secondRoot);
        }

        if (proof.Count == 0 || proof.Any(static p => p is null || p.Length != HashSize))
        {
            return false;
        }

        var path = new List<byte[]>(proof.Count + 1);
        if ((firstSize & (firstSize - 1)) == 0)
        {
            path.Add(firstRoot.ToArray());
        }

        path.AddRange(proof);

        var fn = firstSize - 1;
        var sn = secondSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = path[0];
        var sr = path[0];
        for (var i = 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                ShiftWhileEven(ref fn, ref sn);
            }
            else
            {
                sr = NodeHash(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0
            && CryptographicOperations.FixedTimeEquals(fr, firstRoot)
            && CryptographicOperations.FixedTimeEquals(sr, secondRoot);
    }
}
