using McpGate.Core.Changes;
using McpGate.Server.Resources;
using McpGate.Testing.Engine;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Server;

namespace McpGate.Server.Tests.Resources;

/// <summary>
/// When a notification cannot be sent the client is gone: every subscription of its session ends,
/// even one whose change is still pending; other sessions keep theirs. Stopping ends them all.
/// Real engine and ledger (<see cref="GateHarness"/>); the notifier stands in for the transport.
/// </summary>
public sealed class ChangeSubscriptionsLifetimeTests
{
    [Fact]
    public async Task FailedNotification_EndsTheWholeSession_OtherSessionsKeepTheirs()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await GateHarness.StartAsync();
        await using var subscriptions = new ChangeSubscriptions(harness.Engine, TimeProvider.System, NullLogger<ChangeSubscriptions>.Instance);
        var moving = await harness.ProposeScaleAsync(3, requester: "agent", name: "web");
        var waiting = await harness.ProposeScaleAsync(4, requester: "agent", name: "api");
        var gone = new SubscriptionSession(new McpServerOptions(), "gone");
        var alive = new SubscriptionSession(new McpServerOptions(), "alive");
        var delivered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        subscriptions.Subscribe(gone, (_, _) => throw new IOException("the client closed the pipe"), Address(moving), moving.State).Should().BeTrue();
        subscriptions.Subscribe(gone, (_, _) => Task.CompletedTask, Address(waiting), waiting.State).Should().BeTrue();
        subscriptions.Subscribe(alive, (_, _) => Task.CompletedTask, Address(waiting), waiting.State).Should().BeTrue();
        subscriptions.Count(gone).Should().Be(2);

        await harness.SubmitAsync(moving.Id, "alice");
        await harness.Engine.ProcessAsync();

        // Polled with a deadline: the failed send ends the session on the subscription's own task.
        while (subscriptions.Count(gone) != 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }

        (await harness.Engine.GetChangeAsync(waiting.Id))!.State.Should().Be(ChangeState.PendingApproval, "the session ended, not the change");
        subscriptions.Count(alive).Should().Be(1);

        await subscriptions.StopAsync(CancellationToken.None);
        subscriptions.Total.Should().Be(0);
    }

    [Fact]
    public async Task SameOptionsDifferentSessionIds_AreDifferentSessions_AndTheLimitIsPerSession()
    {
        await using var harness = await GateHarness.StartAsync();
        await using var subscriptions = new ChangeSubscriptions(harness.Engine, TimeProvider.System, NullLogger<ChangeSubscriptions>.Instance);
        var change = await harness.ProposeScaleAsync(3);
        var options = new McpServerOptions();

        subscriptions.Subscribe(new SubscriptionSession(options, "a"), (_, _) => Task.CompletedTask, Address(change), change.State).Should().BeTrue();
        subscriptions.Subscribe(new SubscriptionSession(options, "b"), (_, _) => Task.CompletedTask, Address(change), change.State).Should().BeTrue();
        subscriptions.Subscribe(new SubscriptionSession(options, "a"), (_, _) => Task.CompletedTask, Address(change), change.State).Should().BeTrue("the same URI twice is one subscription");

        subscriptions.Count(new SubscriptionSession(options, "a")).Should().Be(1);
        subscriptions.Count(new SubscriptionSession(new McpServerOptions(), "a")).Should().Be(0, "another server's session a is another session");
        subscriptions.Total.Should().Be(2);
        subscriptions.Unsubscribe(new SubscriptionSession(options, "b"), Address(change).Uri).Should().BeTrue();
        subscriptions.Unsubscribe(new SubscriptionSession(options, "b"), Address(change).Uri).Should().BeFalse();
    }

    [Theory]
    [InlineData("mcpgate://changes/chg-abcdefgh2345", "Change")]
    [InlineData("mcpgate://changes/chg-abcdefgh2345/proof", "ChangeProof")]
    [InlineData("mcpgate://changes/chg-abcdefgh2345/approvals", "ChangeApprovals")]
    [InlineData("mcpgate://changes/chg-abcdefgh2345/timeline", "ChangeTimeline")]
    [InlineData("mcpgate://policies/default", "Policy")]
    [InlineData("mcpgate://manifests/scale_deployment", "Manifest")]
    public void Parse_EachForm_RoundTripsToTheSameUri(string uri, string kind)
    {
        var address = GateResourceAddress.Parse(uri, out var problem);

        problem.Should().BeEmpty();
        address.Should().NotBeNull();
        address!.Value.Kind.ToString().Should().Be(kind);
        address.Value.Uri.Should().Be(uri);
    }

    private static GateResourceAddress Address(ChangeDocument change) => new(GateResourceKind.Change, change.Id);
}
