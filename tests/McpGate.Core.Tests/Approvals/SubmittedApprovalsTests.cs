using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Testing.Files;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Approvals;

/// <summary>Reading a change's approval envelopes back from a real ledger file.</summary>
public sealed class SubmittedApprovalsTests : IDisposable
{
    private readonly TempDirectory _dir = new("mcpgate-approvals-");
    private readonly ChangeLedger _ledger;

    public SubmittedApprovalsTests() =>
        _ledger = ChangeLedger.Open(_dir.Combine("mcpgate.db"), new ManualTimeProvider(new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero)));

    [Fact]
    public async Task ReadAsync_ReturnsTheChangesEnvelopes_OldestFirst_AndNothingElse()
    {
        await CreateAsync("chg-aaaaaaaaaaaa");
        await CreateAsync("chg-bbbbbbbbbbbb");
        await AppendAsync("chg-aaaaaaaaaaaa", LedgerEvents.ApprovalSubmitted, new JsonObject { ["identity"] = "alice", ["envelope"] = "first" });
        await AppendAsync("chg-bbbbbbbbbbbb", LedgerEvents.ApprovalSubmitted, new JsonObject { ["identity"] = "bob", ["envelope"] = "other change" });
        await AppendAsync("chg-aaaaaaaaaaaa", LedgerEvents.ApprovalsCounted, new JsonObject { ["envelope"] = "not an approval" });
        await AppendAsync("chg-aaaaaaaaaaaa", LedgerEvents.ApprovalSubmitted, new JsonObject { ["identity"] = "carol" });
        await AppendAsync("chg-aaaaaaaaaaaa", LedgerEvents.ApprovalSubmitted, new JsonObject { ["identity"] = "dave", ["envelope"] = null });
        await AppendAsync("chg-aaaaaaaaaaaa", LedgerEvents.ApprovalSubmitted, new JsonObject { ["identity"] = "bob", ["envelope"] = "second" });

        var envelopes = await SubmittedApprovals.ReadAsync(_ledger, "chg-aaaaaaaaaaaa");

        envelopes.Should().Equal("first", "second");
        (await SubmittedApprovals.ReadAsync(_ledger, "chg-bbbbbbbbbbbb")).Should().Equal("other change");
    }

    [Fact]
    public async Task ReadAsync_ChangeWithoutApprovals_IsEmpty()
    {
        await CreateAsync("chg-aaaaaaaaaaaa");

        (await SubmittedApprovals.ReadAsync(_ledger, "chg-aaaaaaaaaaaa")).Should().BeEmpty();
        (await SubmittedApprovals.ReadAsync(_ledger, "chg-zzzzzzzzzzzz")).Should().BeEmpty();
    }

    [Fact]
    public async Task ReadAsync_NullLedger_ThrowsNamingIt()
    {
        var act = () => SubmittedApprovals.ReadAsync(null!, "chg-aaaaaaaaaaaa");

        (await act.Should().ThrowAsync<ArgumentNullException>()).Which.ParamName.Should().Be("ledger");
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _dir.Dispose();
    }

    private Task<LedgerEntry> CreateAsync(string changeId) =>
        _ledger.CreateChangeAsync(changeId, ChangeState.PendingApproval, "{}", "pending_approval", new JsonObject());

    private Task<LedgerEntry> AppendAsync(string changeId, string eventType, JsonObject payload) =>
        _ledger.AppendEventAsync(changeId, ChangeState.PendingApproval, eventType, payload);
}
