using McpGate.Core.Ledger;

namespace McpGate.Core.Tests.Ledger;

/// <summary>
/// RFC 6962 inclusion and consistency vectors from a public test suite, over the reference leaves
/// of <see cref="MerkleTreeTests"/>: the tables
/// <c>inclusionProofs</c>, <c>consistencyProofs</c>, <c>roots</c> and <c>leaves</c> of
/// github.com/transparency-dev/merkle, proof/verify_test.go (which carries them over from the
/// certificate-transparency reference tests). Leaf numbers there are 1-based; indexes here are 0-based.
/// The corrupted variants follow that file's corruptInclusionProof / corruptConsistencyProof.
/// </summary>
public sealed class MerkleTreeVectorTests
{
    /// <summary>roots[i] is the root of the first i + 1 leaves.</summary>
    private static readonly string[] s_roots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    private static readonly byte[] s_someHash = Convert.FromHexString("abacaba000000000000000000000000000000000000000000060061e00123456");

    /// <summary>(1-based leaf, tree size, audit path).</summary>
    public static TheoryData<int, int, string[]> InclusionVectors => new()
    {
        { 1, 1, [] },
        { 1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 6, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
        { 2, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
    };

    /// <summary>(size1, size2, proof).</summary>
    public static TheoryData<int, int, string[]> ConsistencyVectors => new()
    {
        { 1, 1, [] },
        { 1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
        { 6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
    };

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void InclusionProof_PublicVector_IsProducedAndVerifies(int leaf, int size, string[] expected)
    {
        var leaves = LeafHashes(size);
        var root = Root(size);

        Hex(MerkleTree.InclusionProof(leaves, leaf - 1)).Should().Equal(expected);
        MerkleTree.VerifyInclusion(leaves[leaf - 1], leaf - 1, size, Bytes(expected), root).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void VerifyInclusion_PublicVectorCorrupted_IsRefused(int leaf, int size, string[] expected)
    {
        var index = leaf - 1;
        var leafHash = LeafHashes(size)[index];
        var root = Root(size);
        var proof = Bytes(expected);
        var probes = new List<(string Name, long Index, long Size, byte[] Leaf, byte[] Root, byte[][] Proof)>
        {
            ("leafIndex - 1", index - 1, size, leafHash, root, proof),
            ("leafIndex + 1", index + 1, size, leafHash, root, proof),
            ("leafIndex ^ 2", index ^ 2, size, leafHash, root, proof),
            ("treeSize * 2", index, size * 2, leafHash, root, proof),
            ("treeSize / 2", index, size / 2, leafHash, root, proof),
            ("wrong leaf", index, size, MerkleTree.LeafHash("WrongLeaf"u8), root, proof),
            ("empty root", index, size, leafHash, MerkleTree.EmptyRoot(), proof),
            ("random root", index, size, leafHash, s_someHash, proof),
            ("trailing root", index, size, leafHash, root, [.. proof, root]),
            ("preceding root", index, size, leafHash, root, [root, .. proof]),
        };
        for (var i = 0; i < proof.Length; i++)
        {
            var modified = proof.Select(p => (byte[])p.Clone()).ToArray();
            modified[i][0] ^= 8;
            probes.Add(($"modified proof[{i}] bit 3", index, size, leafHash, root, modified));
        }

        if (proof.Length > 0)
        {
            probes.Add(("removed component", index, size, leafHash, root, proof[..^1]));
        }

        if (proof.Length > 1)
        {
            probes.Add(("inserted component", index, size, leafHash, root, [proof[0], s_someHash, .. proof[1..]]));
        }

        foreach (var probe in probes)
        {
            MerkleTree.VerifyInclusion(probe.Leaf, probe.Index, probe.Size, probe.Proof, probe.Root).Should().BeFalse(probe.Name);
        }
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void ConsistencyProof_PublicVector_IsProducedAndVerifies(int size1, int size2, string[] expected)
    {
        Hex(MerkleTree.ConsistencyProof(LeafHashes(size2), size1)).Should().Equal(expected);
        MerkleTree.VerifyConsistency(size1, size2, Root(size1), Root(size2), Bytes(expected)).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void VerifyConsistency_PublicVectorCorrupted_IsRefused(int size1, int size2, string[] expected)
    {
        var proof = Bytes(expected);
        if (proof.Length == 0)
        {
            MerkleTree.VerifyConsistency(size1, size2, Root(size1), s_someHash, proof).Should().BeFalse("equal sizes need equal roots");
            return;
        }

        var root1 = Root(size1);
        var root2 = Root(size2);
        var probes = new List<(string Name, long Size1, long Size2, byte[] Root1, byte[] Root2, byte[][] Proof)>
        {
            ("size1 - 1", size1 - 1, size2, root1, root2, proof),
            ("size1 + 1", size1 + 1, size2, root1, root2, proof),
            ("size1 ^ 2", size1 ^ 2, size2, root1, root2, proof),
            ("size2 * 2", size1, size2 * 2, root1, root2, proof),
            ("size2 / 2", size1, size2 / 2, root1, root2, proof),
            ("wrong root1", size1, size2, s_someHash, root2, proof),
            ("wrong root2", size1, size2, root1, s_someHash, proof),
            ("swapped roots", size1, size2, root2, root1, proof),
            ("empty proof", size1, size2, root1, root2, []),
            ("trailing root1", size1, size2, root1, root2, [.. proof, root1]),
            ("trailing root2", size1, size2, root1, root2, [.. proof, root2]),
            ("preceding root1", size1, size2, root1, root2, [root1, .. proof]),
            ("preceding root2", size1, size2, root1, root2, [root2, .. proof]),
            ("preceding proof[0]", size1, size2, root1, root2, [proof[0], .. proof]),
            ("truncated proof", size1, size2, root1, root2, proof[..^1]),
        };
        for (var i = 0; i < proof.Length; i++)
        {
            var modified = proof.Select(p => (byte[])p.Clone()).ToArray();
            modified[i][0] ^= 16;
            probes.Add(($"modified proof[{i}] bit 4", size1, size2, root1, root2, modified));
        }

        foreach (var probe in probes)
        {
            MerkleTree.VerifyConsistency(probe.Size1, probe.Size2, probe.Root1, probe.Root2, probe.Proof).Should().BeFalse(probe.Name);
        }
    }

    [Fact]
    public void MerkleFrontier_OneToEightReferenceLeaves_HasEveryReferenceRoot()
    {
        var frontier = new MerkleFrontier();
        frontier.Root().Should().Equal(MerkleTree.EmptyRoot());
        foreach (var (leaf, i) in LeafHashes(8).Select((l, i) => (l, i)))
        {
            frontier.Append(leaf);

            Convert.ToHexStringLower(frontier.Root()).Should().Be(s_roots[i], "the root of {0} leaves", i + 1);
        }
    }

    [Fact]
    public void MerkleFrontier_UpToHundredLeaves_AgreesWithRootHash()
    {
        var frontier = new MerkleFrontier();
        var leaves = new List<byte[]>();
        for (var n = 1; n <= 100; n++)
        {
            var leaf = MerkleTree.LeafHash(BitConverter.GetBytes(n * 31));
            leaves.Add(leaf);
            frontier.Append(leaf);

            frontier.Root().Should().Equal(MerkleTree.RootHash(leaves), "the root of {0} leaves", n);
            frontier.Size.Should().Be(n);
        }
    }

    private static byte[][] LeafHashes(int count) => MerkleTreeTests.ReferenceLeaves.Take(count).Select(d => MerkleTree.LeafHash(d)).ToArray();

    private static byte[] Root(int size) => Convert.FromHexString(s_roots[size - 1]);

    private static byte[][] Bytes(string[] hex) => hex.Select(Convert.FromHexString).ToArray();

    private static string[] Hex(IEnumerable<byte[]> hashes) => hashes.Select(Convert.ToHexStringLower).ToArray();
}
