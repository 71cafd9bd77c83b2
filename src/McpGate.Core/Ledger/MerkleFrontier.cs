namespace McpGate.Core.Ledger;

/// <summary>
/// The root of a growing RFC 6962 tree, kept as the roots of its perfect subtrees (one per set
/// bit of the size, largest first), so appending a leaf costs O(log n) and the root of the tree
/// so far is available at every size. Verification reads the leaves once and compares the root
/// at each checkpoint's size.
/// </summary>
public sealed class MerkleFrontier
{
    private readonly List<(long Size, byte[] Hash)> _subtrees = [];

    /// <summary>How many leaves have been appended.</summary>
    public long Size { get; private set; }

    /// <summary>Appends a leaf by its leaf hash (<see cref="MerkleTree.LeafHash"/> of its data).</summary>
    public void Append(byte[] leafHash)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        if (leafHash.Length != MerkleTree.HashSize)
        {
            throw new ArgumentException($"A Merkle tree hash is {MerkleTree.HashSize} bytes; got {leafHash.Length}.", nameof(leafHash));
        }

        var size = 1L;
        var hash = leafHash;
        while (_subtrees.Count > 0 && _subtrees[^1].Size == size)
        {
            hash = MerkleTree.NodeHash(_subtrees[^1].Hash, hash);
            size *= 2;
            _subtrees.RemoveAt(_subtrees.Count - 1);
        }

        _subtrees.Add((size, hash));
        Size++;
    }

    /// <summary>MTH of the leaves appended so far; the empty tree's root before any.</summary>
    public byte[] Root()
    {
        if (_subtrees.Count == 0)
        {
            return MerkleTree.EmptyRoot();
        }

        var root = _subtrees[^1].Hash;
        for (var i = _subtrees.Count - 2; i >= 0; i--)
        {
            root = MerkleTree.NodeHash(_subtrees[i].Hash, root);
        }

        return root;
    }
}
