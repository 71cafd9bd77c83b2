using McpGate.Core.Comments;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;

namespace McpGate.Core.Tests.Comments;

/// <summary>
/// <see cref="ChangeComments.From"/>: the <c>commented</c> entries, oldest first, with the entry's
/// sequence and time; an entry whose payload a damaged ledger left unreadable, or without a string
/// approver and text, is left out; other events are never comments.
/// </summary>
public sealed class ChangeCommentsTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void From_KeepsTheReadableCommentsInOrder_AndLeavesOutDamagedOnes()
    {
        LedgerEntry[] entries =
        [
            Entry(1, LedgerEvents.Commented, """{"identity":"alice","text":"first"}"""),
            Entry(2, LedgerEvents.Commented, "{ not json"),
            Entry(3, LedgerEvents.Commented, "[1, 2]"),
            Entry(4, LedgerEvents.Commented, "\"alice\""),
            Entry(5, LedgerEvents.Commented, """{"text":"no identity"}"""),
            Entry(6, LedgerEvents.Commented, """{"identity":"alice"}"""),
            Entry(7, LedgerEvents.Commented, """{"identity":1,"text":"a number for a name"}"""),
            Entry(8, LedgerEvents.Commented, """{"identity":"alice","text":2}"""),
            Entry(9, LedgerEvents.Commented, """{"identity":{"name":"alice"},"text":"an object for a name"}"""),
            Entry(10, LedgerEvents.Commented, """{"identity":"alice","text":["a list"]}"""),
            Entry(11, LedgerEvents.ApprovalSubmitted, """{"identity":"bob","text":"not a comment"}"""),
            Entry(12, LedgerEvents.Commented, """{"identity":"bob","text":"second"}"""),
        ];

        var comments = ChangeComments.From(entries);

        comments.Should().Equal(
            new ChangeComment { Sequence = 1, Approver = "alice", At = s_start.AddSeconds(1), Text = "first" },
            new ChangeComment { Sequence = 12, Approver = "bob", At = s_start.AddSeconds(12), Text = "second" });
    }

    [Fact]
    public void From_NoEntries_IsEmpty() => ChangeComments.From([]).Should().BeEmpty();

    [Fact]
    public async Task MissingArguments_ThrowNamingThem()
    {
        FluentActions.Invoking(() => ChangeComments.From(null!)).Should().Throw<ArgumentNullException>().WithParameterName("entries");
        await FluentActions.Awaiting(() => ChangeComments.ReadAsync(null!, "chg-aaaaaaaaaaaa")).Should().ThrowAsync<ArgumentNullException>().WithParameterName("ledger");
    }

    [Theory]
    [InlineData(null, "the comment is empty: write the comment, from 1 to 2000 characters")]
    [InlineData("", "the comment is empty: write the comment, from 1 to 2000 characters")]
    [InlineData(" \t", "the comment is empty: write the comment, from 1 to 2000 characters")]
    [InlineData("ok", null)]
    public void Refusal_OfEmptyOrBlankText_NamesTheFieldAndTheRule(string? text, string? expected) =>
        CommentFormat.Refusal("the comment", text).Should().Be(expected);

    [Fact]
    public void Refusal_CountsTheLength_ToTheCharacter()
    {
        CommentFormat.Refusal("the note", new string('a', CommentFormat.MaxLength)).Should().BeNull();
        CommentFormat.Refusal("the note", new string('a', CommentFormat.MaxLength + 1)).Should().Be("the note is 2001 characters long; a comment holds at most 2000");
        CommentFormat.Refusal("the note", "a\u0007").Should().StartWith("the note contains U+0007");
    }

    private static LedgerEntry Entry(long sequence, string eventType, string payload) => new()
    {
        Sequence = sequence,
        ChangeId = "chg-abcdefgh2345",
        EventType = eventType,
        PayloadJson = payload,
        Time = s_start.AddSeconds(sequence),
        PreviousHash = Sha256Digest.Compute([]),
        EntryHash = Sha256Digest.Compute([(byte)sequence]),
    };
}
