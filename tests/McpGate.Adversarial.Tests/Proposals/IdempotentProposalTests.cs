using System.Text.Json;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Core.Manifests;
using McpGate.Testing.Engine;

namespace McpGate.Adversarial.Tests.Proposals;

/// <summary>
/// An agent that lost the reply proposes again: an identical pending proposal returns the existing
/// change, race-free; anything that differs (arguments, requester, target state) or a change that
/// is no longer pending gives a new one. Each test checks the ledger and the cluster afterwards.
/// </summary>
public sealed class IdempotentProposalTests : IAsyncLifetime
{
    private GateHarness _gate = null!;

    public async Task InitializeAsync() => _gate = await GateHarness.StartAsync();

    public async Task DisposeAsync() => await _gate.DisposeAsync();

    [Fact]
    public async Task Propose_SameProposalTwice_ReturnsTheExistingChange()
    {
        var first = await ProposeAsync(Arguments(5));
        var second = await ProposeAsync(Arguments(5));

        first.AlreadyPending.Should().BeFalse();
        second.AlreadyPending.Should().BeTrue();
        second.Change.Id.Should().Be(first.Change.Id);
        second.Change.State.Should().Be(ChangeState.PendingApproval);
        await AssertOneChangeAsync(first.Change.Id);
    }

    [Fact]
    public async Task Propose_TwentyIdenticalInParallel_RecordsOneChange()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => ProposeAsync(Arguments(7)))));

        results.Select(r => r.Change.Id).Distinct().Should().ContainSingle();
        results.Count(r => !r.AlreadyPending).Should().Be(1);
        results.Should().OnlyContain(r => r.Change.State == ChangeState.PendingApproval);
        await AssertOneChangeAsync(results[0].Change.Id);
    }

    public static TheoryData<string, string> SameArgumentsSpelledDifferently => new()
    {
        // key order, number spelling and whitespace do not make a different proposal
        { """{"namespace":"demo","name":"web","replicas":4,"reason":"r"}""", """{"reason":"r","replicas":4,"name":"web","namespace":"demo"}""" },
        { """{"namespace":"demo","name":"web","replicas":4,"reason":"r"}""", """{ "namespace" : "demo", "name" : "web", "replicas" : 4.0, "reason" : "r" }""" },
        { """{"namespace":"demo","name":"web","replicas":4,"reason":"r"}""", """{"namespace":"demo","name":"web","replicas":4e0,"reason":"r"}""" },
    };

    [Theory]
    [MemberData(nameof(SameArgumentsSpelledDifferently))]
    public async Task Propose_SameArgumentsSpelledDifferently_ReturnsTheExistingChange(string firstJson, string secondJson)
    {
        var first = await ProposeAsync(Parse(firstJson));
        var second = await ProposeOrRefusedAsync(Parse(secondJson));

        // Either the spelling is refused as invalid, or it is the same proposal: never a second change.
        if (second is not null)
        {
            second.Change.Id.Should().Be(first.Change.Id);
        }

        await AssertOneChangeAsync(first.Change.Id);
    }

    public static TheoryData<string, string> DifferentArguments => new()
    {
        { """{"namespace":"demo","name":"web","replicas":4,"reason":"r"}""", """{"namespace":"demo","name":"web","replicas":5,"reason":"r"}""" },
        { """{"namespace":"demo","name":"web","replicas":4,"reason":"r"}""", """{"namespace":"demo","name":"web","replicas":4,"reason":"another reason"}""" },
        { """{"namespace":"demo","name":"web","replicas":4,"reason":"r"}""", """{"namespace":"demo","name":"web","replicas":4,"reason":"R"}""" },
        { """{"namespace":"demo","name":"web","replicas":4,"reason":"r"}""", """{"namespace":"demo","name":"web","replicas":4,"reason":"r "}""" },
    };

    [Theory]
    [MemberData(nameof(DifferentArguments))]
    public async Task Propose_DifferentArguments_CreatesANewChange(string firstJson, string secondJson)
    {
        var first = await ProposeAsync(Parse(firstJson));
        var second = await ProposeAsync(Parse(secondJson));

        second.AlreadyPending.Should().BeFalse();
        second.Change.Id.Should().NotBe(first.Change.Id);
        (await _gate.Ledger.ListChangesAsync()).Should().HaveCount(2);
    }

    [Theory]
    [InlineData("agent-b")]
    [InlineData("agent-a2")]
    [InlineData("agent")]
    public async Task Propose_OtherRequester_CreatesANewChange(string other)
    {
        var first = await ProposeAsync(Arguments(6), "agent-a");
        var second = await ProposeAsync(Arguments(6), other);

        second.AlreadyPending.Should().BeFalse();
        second.Change.Id.Should().NotBe(first.Change.Id);
        second.Change.Requester.Should().Be(other);
    }

    [Fact]
    public async Task Propose_TargetMovedOn_CreatesANewChange()
    {
        var first = await ProposeAsync(Arguments(6));
        await _gate.TouchWebAsync();

        var second = await ProposeAsync(Arguments(6));

        second.AlreadyPending.Should().BeFalse();
        second.Change.Id.Should().NotBe(first.Change.Id);
        second.Change.ObservedResourceVersion.Should().NotBe(first.Change.ObservedResourceVersion);
    }

    [Fact]
    public async Task Propose_AfterTheFirstWasRejected_CreatesANewChange()
    {
        var first = await ProposeAsync(Arguments(8));
        await _gate.SubmitAsync(first.Change.Id, "alice", ApprovalDecision.Reject);
        (await _gate.ProcessUntilFinalAsync(first.Change.Id)).State.Should().Be(ChangeState.Rejected);

        var second = await ProposeAsync(Arguments(8));

        second.AlreadyPending.Should().BeFalse();
        second.Change.Id.Should().NotBe(first.Change.Id);
        (await _gate.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Propose_AfterTheFirstExpired_CreatesANewChange()
    {
        var first = await ProposeAsync(Arguments(9));
        _gate.Clock.Advance(first.Change.ExpiresAt!.Value - _gate.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));

        // Expired but not yet settled by the engine: still not pending.
        var second = await ProposeAsync(Arguments(9));
        await _gate.Engine.ProcessAsync();
        var third = await ProposeAsync(Arguments(9));

        second.AlreadyPending.Should().BeFalse();
        second.Change.Id.Should().NotBe(first.Change.Id);
        third.Change.Id.Should().Be(second.Change.Id);
        (await _gate.Engine.GetChangeAsync(first.Change.Id))!.State.Should().Be(ChangeState.Expired);
    }

    [Fact]
    public async Task Propose_AfterACrashLeftTheFirstUnproven_CreatesANewChange()
    {
        // A crash between "proposed" and "proven": that change never becomes approvable.
        var first = await ProposeAsync(Arguments(3));
        await _gate.ForceStateAsync(first.Change.Id, ChangeState.PendingApproval, ChangeState.Proposed);
        _gate.Clock.Advance(TimeSpan.FromMinutes(1));

        var second = await ProposeAsync(Arguments(3));

        second.AlreadyPending.Should().BeFalse();
        second.Change.Id.Should().NotBe(first.Change.Id);
        second.Change.State.Should().Be(ChangeState.PendingApproval);
    }

    [Fact]
    public async Task Propose_IdenticalToADeniedChange_CreatesANewDeniedChange()
    {
        // Over the policy's maximum: denied, which is final, so a retry is recorded again (and denied again).
        var first = await ProposeAsync(Arguments(50));
        var second = await ProposeAsync(Arguments(50));

        first.Change.State.Should().Be(ChangeState.Denied);
        second.Change.State.Should().Be(ChangeState.Denied);
        second.Change.Id.Should().NotBe(first.Change.Id);
    }

    private async Task AssertOneChangeAsync(string id)
    {
        var changes = await _gate.Ledger.ListChangesAsync();
        changes.Select(c => c.ChangeId).Should().Equal(id);
        (await _gate.EventTypesAsync(id)).Should().Equal("proposed", "proven", "pending_approval");
        (await _gate.Ledger.VerifyAsync()).Succeeded.Should().BeTrue();
        (await _gate.ObserveWebAsync()).Replicas.Should().Be(2, "proposing never writes to the cluster");
    }

    private static Dictionary<string, JsonElement> Arguments(int replicas) =>
        Parse($$"""{"namespace":"demo","name":"web","replicas":{{replicas}},"reason":"idempotency test"}""");

    private static Dictionary<string, JsonElement> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    private Task<ProposalResult> ProposeAsync(Dictionary<string, JsonElement> arguments, string requester = "agent")
    {
        var tool = _gate.Manifests.Find("scale_deployment")!;
        return _gate.Engine.ProposeOnceAsync(tool, ArgumentBinder.Bind(tool, arguments), requester);
    }

    private async Task<ProposalResult?> ProposeOrRefusedAsync(Dictionary<string, JsonElement> arguments)
    {
        try
        {
            return await ProposeAsync(arguments);
        }
        catch (ArgumentValidationException)
        {
            return null;
        }
    }
}
