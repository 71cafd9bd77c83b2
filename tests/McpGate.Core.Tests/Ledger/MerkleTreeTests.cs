using System.Security.Cryptography;
using McpGate.Core.Ledger;

namespace McpGate.Core.Tests.Ledger;

public sealed class MerkleTreeTests
{
    /// <summary>The certificate-transparency reference leaves (also recomputed with Python's hashlib); <see cref="MerkleTreeVectorTests"/> uses them too.</summary>
    internal static byte[][] ReferenceLeaves { get; } =
    [
        [],
        [0x00],
        [0x10],
        [0x20, 0x21],
        [0x30, 0x31],
        [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    public static TheoryData<int, string> ReferenceRoots => new()
    {
        { 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
        { 1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d" },
        { 2, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125" },
        { 3, "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77" },
        { 4, "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" },
        { 5, "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4" },
        { 6, "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef" },
        { 7, "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c" },
        { 8, "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328" },
    };

    [Theory]
    [MemberData(nameof(ReferenceRoots))]
    public void RootHash_ReferenceLeaves_MatchesKnownRoot(int size, string expectedHex)
    {
        var leafHashes = ReferenceLeaves.Take(size).Select(d => MerkleTree.LeafHash(d)).ToArray();

        Convert.ToHexStringLower(MerkleTree.RootHash(leafHashes)).Should().Be(expectedHex);
    }

    [Fact]
    public void RootHash_OneToSixtyFourLeaves_MatchesNaiveDefinition()
    {
        for (var n = 1; n <= 64; n++)
        {
            var data = Leaves(n);

            MerkleTree.RootHash(data.Select(d => MerkleTree.LeafHash(d)).ToArray())
                .Should().Equal(NaiveRoot(data), "the root of {0} leaves", n);
        }
    }

    [Fact]
    public void InclusionProof_EveryLeafOfOneToSixtyFourLeaves_MatchesNaiveAndVerifies()
    {
        for (var n = 1; n <= 64; n++)
        {
            var data = Leaves(n);
            var leafHashes = data.Select(d => MerkleTree.LeafHash(d)).ToArray();
            var root = MerkleTree.RootHash(leafHashes);
            for (var m = 0; m < n; m++)
            {
                var proof = MerkleTree.InclusionProof(leafHashes, m);

                Hex(proof).Should().Equal(Hex(NaivePath(m, data)), "PATH({0}, D[{1}])", m, n);
                MerkleTree.VerifyInclusion(leafHashes[m], m, n, proof, root).Should().BeTrue("leaf {0} of {1}", m, n);
                MerkleTree.VerifyInclusion(leafHashes[(m + 1) % n], m, n, proof, root).Should().Be(n == 1, "leaf {0} of {1} swapped for the next one", m, n);
                if (n > 1)
                {
                    MerkleTree.VerifyInclusion(leafHashes[m], (m + 1) % n, n, proof, root).Should().BeFalse("wrong index {0} of {1}", m, n);
                    MerkleTree.VerifyInclusion(leafHashes[m], m, n, Tamper(proof), root).Should().BeFalse("tampered proof {0} of {1}", m, n);
                    MerkleTree.VerifyInclusion(leafHashes[m], m, n, proof.Take(proof.Count - 1).ToArray(), root).Should().BeFalse("short proof {0} of {1}", m, n);
                }
            }
        }
    }

    [Fact]
    public void ConsistencyProof_EveryPrefixOfOneToSixtyFourLeaves_MatchesNaiveAndVerifies()
    {
        for (var n = 1; n <= 64; n++)
        {
            var data = Leaves(n);
            var leafHashes = data.Select(d => MerkleTree.LeafHash(d)).ToArray();
            var root = MerkleTree.RootHash(leafHashes);
            for (var m = 1; m <= n; m++)
            {
                var firstRoot = MerkleTree.RootHash(leafHashes[..m]);
                var proof = MerkleTree.ConsistencyProof(leafHashes, m);

                Hex(proof).Should().Equal(Hex(NaiveConsistency(m, data)), "PROOF({0}, D[{1}])", m, n);
                MerkleTree.VerifyConsistency(m, n, firstRoot, root, proof).Should().BeTrue("{0} -> {1}", m, n);
                if (m < n)
                {
                    MerkleTree.VerifyConsistency(m, n, root, root, proof).Should().BeFalse("wrong first root {0} -> {1}", m, n);
                    MerkleTree.VerifyConsistency(m, n, firstRoot, firstRoot, proof).Should().BeFalse("wrong second root {0} -> {1}", m, n);
                    MerkleTree.VerifyConsistency(m, n, firstRoot, root, Tamper(proof)).Should().BeFalse("tampered {0} -> {1}", m, n);
                    MerkleTree.VerifyConsistency(m, n, firstRoot, root, []).Should().BeFalse("empty proof {0} -> {1}", m, n);
                }
            }
        }
    }

    [Fact]
    public void VerifyConsistency_FromEmptyTree_NeedsEmptyProof()
    {
        var root = MerkleTree.RootHash([MerkleTree.LeafHash([1])]);

        MerkleTree.ConsistencyProof([MerkleTree.LeafHash([1])], 0).Should().BeEmpty();
        MerkleTree.VerifyConsistency(0, 1, MerkleTree.EmptyRoot(), root, []).Should().BeTrue();
        MerkleTree.VerifyConsistency(0, 1, MerkleTree.EmptyRoot(), root, [root]).Should().BeFalse();
    }

    [Fact]
    public void VerifyInclusion_IndexOutOfRange_ReturnsFalse()
    {
        var leaf = MerkleTree.LeafHash([1]);

        MerkleTree.VerifyInclusion(leaf, 1, 1, [], leaf).Should().BeFalse();
        MerkleTree.VerifyInclusion(leaf, -1, 1, [], leaf).Should().BeFalse();
        MerkleTree.VerifyInclusion(leaf, 0, 1, [], leaf).Should().BeTrue();
    }

    private static byte[][] Leaves(int n) =>
        Enumerable.Range(0, n).Select(i => BitConverter.GetBytes(i * 7919).Concat(new byte[i % 5]).ToArray()).ToArray();

    private static string[] Hex(IEnumerable<byte[]> hashes) => hashes.Select(Convert.ToHexStringLower).ToArray();

    private static byte[][] Tamper(IReadOnlyList<byte[]> proof)
    {
        var copy = proof.Select(p => (byte[])p.Clone()).ToArray();
        copy[copy.Length / 2][0] ^= 0x01;
        return copy;
    }

    // Naive implementations, straight from the recursive definitions in RFC 6962 section 2.1.
    private static byte[] NaiveRoot(byte[][] d)
    {
        if (d.Length == 0)
        {
            return SHA256.HashData([]);
        }

        if (d.Length == 1)
        {
            return SHA256.HashData([0x00, .. d[0]]);
        }

        var k = NaiveSplit(d.Length);
        return SHA256.HashData([0x01, .. NaiveRoot(d[..k]), .. NaiveRoot(d[k..])]);
    }

    private static List<byte[]> NaivePath(int m, byte[][] d)
    {
        if (d.Length == 1)
        {
            return [];
        }

        var k = NaiveSplit(d.Length);
        return m < k
            ? [.. NaivePath(m, d[..k]), NaiveRoot(d[k..])]
            : [.. NaivePath(m - k, d[k..]), NaiveRoot(d[..k])];
    }

    private static List<byte[]> NaiveConsistency(int m, byte[][] d) => NaiveSubproof(m, d, true);

    private static List<byte[]> NaiveSubproof(int m, byte[][] d, bool b)
    {
        if (m == d.Length)
        {
            return b ? [] : [NaiveRoot(d)];
        }

        var k = NaiveSplit(d.Length);
        return m <= k
            ? [.. NaiveSubproof(m, d[..k], b), NaiveRoot(d[k..])]
            : [.. NaiveSubproof(m - k, d[k..], false), NaiveRoot(d[..k])];
    }

    private static int NaiveSplit(int n)
    {
        var k = (int)Math.Pow(2, Math.Floor(Math.Log2(n)));
        return k == n ? k / 2 : k;
    }
}
