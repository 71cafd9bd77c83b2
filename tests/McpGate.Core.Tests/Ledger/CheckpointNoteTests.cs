using System.Text;
using McpGate.Core.Crypto;
using McpGate.Core.Ledger;

namespace McpGate.Core.Tests.Ledger;

public sealed class CheckpointNoteTests : IDisposable
{
    // The reference signed note of golang.org/x/mod/sumdb/note, note_test.go (TestSign): the signer key
    // "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz" is the type byte 0x01
    // and the Ed25519 seed; its verifier key hash is c74f20a3. Ed25519 is deterministic, so signing the same
    // text must give the same note byte for byte.
    private const string PeterSeedWithType = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private const string PeterText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private const string PeterNote = PeterText + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    private readonly Ed25519PrivateKey _gateKey = Ed25519PrivateKey.Generate();
    private readonly Ed25519PrivateKey _otherKey = Ed25519PrivateKey.Generate();

    public void Dispose()
    {
        _gateKey.Dispose();
        _otherKey.Dispose();
    }

    [Fact]
    public void Sign_GoReferenceKeyAndText_GivesTheReferenceNoteByteForByte()
    {
        using var peter = Ed25519PrivateKey.FromSeed(Convert.FromBase64String(PeterSeedWithType).AsSpan(1));

        CheckpointNote.KeyId("PeterNeumann", peter.PublicKey).Should().Be(0xc74f20a3);
        CheckpointNote.Sign(PeterText, "PeterNeumann", peter).Should().Be(PeterNote);
    }

    [Fact]
    public void Create_ThenParseAndVerify_RoundTrips()
    {
        var root = MerkleTree.RootHash([MerkleTree.LeafHash([1]), MerkleTree.LeafHash([2])]);

        var checkpoint = CheckpointNote.Create(2, root, _gateKey);
        var parsed = CheckpointNote.Parse(checkpoint.Note);

        var origin = "mcpgate/" + _gateKey.PublicKey.KeyId[..16];
        checkpoint.Note.Should().StartWith($"{origin}\n2\n{Convert.ToBase64String(root)}\n\n\u2014 {origin} ");
        checkpoint.Note.Should().EndWith("\n");
        var blob = Convert.FromBase64String(checkpoint.Note.Split('\n')[4].Split(' ')[2]);
        blob.Should().HaveCount(68, "4 bytes of key ID and a 64-byte Ed25519 signature");
        Convert.ToHexStringLower(blob[..4]).Should().Be(CheckpointNote.KeyId(origin, _gateKey.PublicKey).ToString("x8", null));
        parsed.Should().BeEquivalentTo(checkpoint);
        CheckpointNote.Verify(parsed, _gateKey.PublicKey).Should().BeNull();
    }

    public static TheoryData<string, Func<string, string>, string> Tampered => new()
    {
        { "tree size raised", n => ReplaceLine(n, 1, "3"), "does not verify" },
        { "tree size lowered", n => ReplaceLine(n, 1, "1"), "does not verify" },
        { "root byte flipped", n => ReplaceLine(n, 2, FlipBase64(n.Split('\n')[2], 5)), "does not verify" },
        { "signature byte flipped", n => ReplaceSignature(n, s => FlipBase64(s, 20)), "does not verify" },
        { "key ID byte flipped", n => ReplaceSignature(n, s => FlipBase64(s, 1)), "carries no signature of the gate key" },
        { "signature truncated", n => ReplaceSignature(n, s => Convert.ToBase64String(Convert.FromBase64String(s)[..40])), "does not verify" },
        { "signature line removed and another key's added", n => n[..(n.LastIndexOf("\n\n", StringComparison.Ordinal) + 2)] + "\u2014 example.com/other AAAAAAAA\n", "carries no signature of the gate key" },
        { "origin changed", n => ReplaceLine(n, 0, "mcpgate/0000000000000000"), "is not this gate key's ledger" },
    };

    [Theory]
    [MemberData(nameof(Tampered))]
    public void Verify_TamperedNote_IsRefusedAndSaysWhy(string what, Func<string, string> tamper, string expected)
    {
        var note = CheckpointNote.Create(2, new byte[32], _gateKey).Note;
        var tampered = tamper(note);
        tampered.Should().NotBe(note, what);

        var result = CheckpointNote.Verify(CheckpointNote.Parse(tampered), _gateKey.PublicKey);

        result.Should().Contain(expected, what);
    }

    [Fact]
    public void Verify_AnotherKeysSignatureBeside_IsIgnored_AndAnotherKeyAloneIsRefused()
    {
        var ours = CheckpointNote.Create(5, new byte[32], _gateKey);
        var text = ours.Note[..(ours.Note.LastIndexOf("\n\n", StringComparison.Ordinal) + 1)];
        var theirs = CheckpointNote.Sign(text, "example.com/witness", _otherKey);
        var both = ours.Note + theirs[(theirs.LastIndexOf("\n\n", StringComparison.Ordinal) + 2)..];

        CheckpointNote.Verify(CheckpointNote.Parse(both), _gateKey.PublicKey).Should().BeNull();
        CheckpointNote.Verify(ours, _otherKey.PublicKey).Should().Contain("is not this gate key's ledger");
        var signedByOtherUnderOurName = CheckpointNote.Sign(text, ours.Origin, _otherKey);
        CheckpointNote.Verify(CheckpointNote.Parse(signedByOtherUnderOurName), _gateKey.PublicKey).Should().Contain("carries no signature of the gate key");
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "o\n1\n" + Convert.ToBase64String(new byte[32]) + "\n", "blank line between its text and its signature lines" },
        { "o\n1\n\n\u2014 o AAAAAAAA\n", "at least 3 lines" },
        { "o\n01\n" + Convert.ToBase64String(new byte[32]) + "\n\n\u2014 o AAAAAAAA\n", "is not a tree size" },
        { "o\n-1\n" + Convert.ToBase64String(new byte[32]) + "\n\n\u2014 o AAAAAAAA\n", "is not a tree size" },
        { "o\n1\n" + Convert.ToBase64String(new byte[31]) + "\n\n\u2014 o AAAAAAAA\n", "32-byte root hash" },
        { "o\n1\n" + Convert.ToBase64String(new byte[32]) + "\n\n- o AAAAAAAA\n", "does not start with an em dash" },
        { "o\n1\n" + Convert.ToBase64String(new byte[32]) + "\n\n\u2014 o+x AAAAAAAA\n", "contains no space or '+'" },
        { "o\n1\n" + Convert.ToBase64String(new byte[32]) + "\n\n\u2014 o AAAAAAAA", "ends with a newline" },
        { "o\r\n1\n" + Convert.ToBase64String(new byte[32]) + "\n\n\u2014 o AAAAAAAA\n", "no control character" },
        { "o\n1\n" + Convert.ToBase64String(new byte[32]) + "\n\n\u2014 o !!!!\n", "is not base64" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Parse_MalformedNote_ThrowsNamingTheRule(string note, string expected)
    {
        var act = () => CheckpointNote.Parse(note);

        act.Should().Throw<FormatException>().WithMessage($"*{expected}*");
    }

    private static string ReplaceLine(string note, int index, string line)
    {
        var lines = note.Split('\n');
        lines[index] = line;
        return string.Join('\n', lines);
    }

    private static string ReplaceSignature(string note, Func<string, string> change)
    {
        var lines = note.Split('\n');
        var parts = lines[4].Split(' ');
        parts[2] = change(parts[2]);
        lines[4] = string.Join(' ', parts);
        return string.Join('\n', lines);
    }

    private static string FlipBase64(string base64, int index)
    {
        var bytes = Convert.FromBase64String(base64);
        bytes[index] ^= 0x01;
        return Convert.ToBase64String(bytes);
    }

    [Fact]
    public void OriginFor_IsStablePerKey()
    {
        var raw = Encoding.ASCII.GetBytes(_gateKey.PublicKey.KeyId);

        CheckpointNote.OriginFor(_gateKey.PublicKey).Should().Be("mcpgate/" + Encoding.ASCII.GetString(raw[..16]));
        CheckpointNote.OriginFor(Ed25519PublicKey.FromBytes(_gateKey.PublicKey.ToBytes())).Should().Be(CheckpointNote.OriginFor(_gateKey.PublicKey));
    }
}
