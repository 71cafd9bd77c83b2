using McpGate.Core.Crypto;
using McpGate.Core.Ledger;

namespace McpGate.Core.Tests.Ledger;

public sealed class CheckpointLogTests : IDisposable
{
    private readonly Ed25519PrivateKey _gateKey = Ed25519PrivateKey.Generate();

    public void Dispose() => _gateKey.Dispose();

    [Fact]
    public void Parse_NotesSeparatedByEmptyLines_ReadsEachWithItsLine()
    {
        var first = CheckpointNote.Create(1, new byte[32], _gateKey);
        var second = CheckpointNote.Create(2, new byte[32], _gateKey);

        var notes = CheckpointLog.Parse(first.Note + "\n" + second.Note + "\n", "checkpoints.log");

        notes.Select(n => n.Label).Should().Equal("checkpoints.log note 1 (line 1)", "checkpoints.log note 2 (line 7)");
        notes.Select(n => n.Checkpoint).Should().BeEquivalentTo([first, second]);
    }

    [Fact]
    public void Parse_OneNoteWithoutTheTrailingEmptyLine_AsAnAuditorSavesIt_IsRead()
    {
        var note = CheckpointNote.Create(7, new byte[32], _gateKey).Note;

        CheckpointLog.Parse(note, "saved.txt").Should().ContainSingle().Which.Checkpoint.TreeSize.Should().Be(7);
    }

    public static TheoryData<string, Func<string, string>, string> Damaged => new()
    {
        { "signature line removed", n => string.Join('\n', n.Split('\n').Where(l => !l.StartsWith('\u2014'))), "line 5: the note starting at line 1 has no signature line" },
        { "garbage after the signature", n => n.TrimEnd('\n') + "\ngarbage\n", "line 6: expected an empty line after the signature lines" },
        { "size line made text", n => n.Replace("\n7\n", "\nseven\n", StringComparison.Ordinal), "line 1: checkpoint line 2 'seven' is not a tree size" },
        { "text lost", n => n[n.IndexOf('\u2014', StringComparison.Ordinal)..], "line 1: a signature line where a checkpoint's text" },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public void Parse_DamagedLog_ThrowsNamingTheFileAndLine(string what, Func<string, string> damage, string expected)
    {
        var note = CheckpointNote.Create(7, new byte[32], _gateKey).Note;

        var act = () => CheckpointLog.Parse(damage(note), "checkpoints.log");

        act.Should().Throw<FormatException>(what).WithMessage($"checkpoints.log {expected}*");
    }
}
