using System.Text.Json;
using System.Threading.Channels;
using McpGate.Core.Changes;
using McpGate.Server.Tests.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGate.Server.Tests.Resources;

/// <summary>
/// resources/subscribe on change resources, on the revision that has it (2025-11-25): a state change
/// made out of band (an approval submitted to the ledger, the engine executing it) reaches the
/// subscriber as notifications/resources/updated; unsubscribing stops them; a session's subscriptions
/// are bounded and end when its client is gone.
/// </summary>
public sealed class ChangeSubscriptionTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Subscribe_ThenOutOfBandApproval_NotifiesTheStateChanges_UntilVerified()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var gate = await InMemoryGate.StartAsync(clientOptions: GateResourcesTests.Handshake2025);
        var id = await GateResourcesTests.ProposeAsync(gate, 3);
        var uri = $"mcpgate://changes/{id}";
        var updates = Channel.CreateUnbounded<string>();
        await using var subscription = await gate.Client.SubscribeToResourceAsync(uri, (p, _) =>
        {
            updates.Writer.TryWrite(p.Uri);
            return ValueTask.CompletedTask;
        }, cancellationToken: timeout.Token);

        await gate.Harness.SubmitAsync(id, "alice");
        await gate.Harness.ProcessUntilFinalAsync(id);

        // Each notification says "read it again"; the last state read after one is verified.
        var seen = 0;
        var status = string.Empty;
        while (status != "verified")
        {
            (await updates.Reader.ReadAsync(timeout.Token)).Should().Be(uri);
            seen++;
            status = GateResourcesTests.Json(await gate.Client.ReadResourceAsync(uri, cancellationToken: timeout.Token))["status"]!.GetValue<string>();
        }

        seen.Should().BeGreaterThan(0);
        (await gate.Harness.ObserveWebAsync()).Replicas.Should().Be(3);
    }

    [Fact]
    public async Task Unsubscribe_StopsNotifications_ForThatUriOnly()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var gate = await InMemoryGate.StartAsync(clientOptions: GateResourcesTests.Handshake2025);
        var first = await GateResourcesTests.ProposeAsync(gate, 3);
        var second = (await gate.Client.CallToolAsync("scale_deployment", new Dictionary<string, object?>
        {
            ["namespace"] = "demo", ["name"] = "api", ["replicas"] = 4, ["reason"] = "resources test",
        }, cancellationToken: timeout.Token)).StructuredContent!.Value.GetProperty("changeId").GetString()!;
        var updates = Channel.CreateUnbounded<string>();
        await using var handler = gate.Client.RegisterNotificationHandler(NotificationMethods.ResourceUpdatedNotification, (n, _) =>
        {
            updates.Writer.TryWrite(JsonSerializer.Deserialize<ResourceUpdatedNotificationParams>(n.Params, McpJsonUtilities.DefaultOptions)!.Uri);
            return ValueTask.CompletedTask;
        });

        await gate.Client.SubscribeToResourceAsync($"mcpgate://changes/{first}/approvals", cancellationToken: timeout.Token);
        await gate.Client.SubscribeToResourceAsync($"mcpgate://changes/{second}", cancellationToken: timeout.Token);
        gate.Subscriptions.Total.Should().Be(2);
        await gate.Client.UnsubscribeFromResourceAsync($"mcpgate://changes/{first}/approvals", cancellationToken: timeout.Token);
        gate.Subscriptions.Total.Should().Be(1);

        // The unsubscribed change runs to the end first, then the subscribed one.
        await gate.Harness.SubmitAsync(first, "alice");
        (await gate.Harness.ProcessUntilFinalAsync(first)).State.Should().Be(ChangeState.Verified);
        await gate.Harness.SubmitAsync(second, "alice");
        (await gate.Harness.ProcessUntilFinalAsync(second)).State.Should().Be(ChangeState.Verified);

        var received = new List<string>();
        while (!received.Contains($"mcpgate://changes/{second}")
            || GateResourcesTests.Json(await gate.Client.ReadResourceAsync($"mcpgate://changes/{second}", cancellationToken: timeout.Token))["status"]!.GetValue<string>() != "verified")
        {
            received.Add(await updates.Reader.ReadAsync(timeout.Token));
        }

        received.Should().OnlyContain(u => u == $"mcpgate://changes/{second}", "the first change was unsubscribed before it changed");
    }

    [Fact]
    public async Task Subscribe_IsBoundedPerSession_AndUnsubscribingFreesAPlace()
    {
        await using var gate = await InMemoryGate.StartAsync(clientOptions: GateResourcesTests.Handshake2025);
        var uris = new List<string>();
        for (var replicas = 3; uris.Count <= ChangeSubscriptionsLimit; replicas++)
        {
            var id = (await gate.Harness.ProposeScaleAsync(replicas, requester: "test-agent")).Id;
            uris.AddRange([$"mcpgate://changes/{id}", $"mcpgate://changes/{id}/proof", $"mcpgate://changes/{id}/approvals", $"mcpgate://changes/{id}/timeline"]);
        }

        foreach (var uri in uris.Take(ChangeSubscriptionsLimit))
        {
            await gate.Client.SubscribeToResourceAsync(uri);
        }

        await gate.Client.SubscribeToResourceAsync(uris[0]);
        var over = async () => await gate.Client.SubscribeToResourceAsync(uris[ChangeSubscriptionsLimit]);

        var error = (await over.Should().ThrowAsync<McpProtocolException>()).Which;
        error.ErrorCode.Should().Be(McpErrorCode.InvalidRequest);
        error.Message.Should().Contain($"this session already has {ChangeSubscriptionsLimit} subscriptions, the limit");
        await gate.Client.UnsubscribeFromResourceAsync(uris[0]);
        await gate.Client.SubscribeToResourceAsync(uris[ChangeSubscriptionsLimit]);
        gate.Subscriptions.Total.Should().Be(ChangeSubscriptionsLimit);
    }

    [Theory]
    [InlineData("mcpgate://policies/policy", McpErrorCode.InvalidParams, "only change resources (mcpgate://changes/{id}...) can be subscribed to")]
    [InlineData("mcpgate://manifests/scale_deployment", McpErrorCode.InvalidParams, "policies and manifests do not change while the gate runs")]
    [InlineData("mcpgate://changes/chg-aaaaaaaaaaaa", McpErrorCode.ResourceNotFound, "no change chg-aaaaaaaaaaaa exists on this gate")]
    [InlineData("mcpgate://changes/../policies/policy", McpErrorCode.ResourceNotFound, "must not contain '.' or '..' segments")]
    public async Task Subscribe_RefusesWhatCannotChangeOrDoesNotExist(string uri, McpErrorCode code, string rule)
    {
        await using var gate = await InMemoryGate.StartAsync(clientOptions: GateResourcesTests.Handshake2025);

        var subscribe = async () => await gate.Client.SubscribeToResourceAsync(uri);

        var error = (await subscribe.Should().ThrowAsync<McpProtocolException>()).Which;
        error.ErrorCode.Should().Be(code);
        error.Message.Should().Contain(rule);
        gate.Subscriptions.Total.Should().Be(0);
    }

    [Fact]
    public async Task ChangeReachingAFinalState_FreesItsSubscription()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var gate = await InMemoryGate.StartAsync(clientOptions: GateResourcesTests.Handshake2025);
        var id = await GateResourcesTests.ProposeAsync(gate, 3);
        await gate.Client.SubscribeToResourceAsync($"mcpgate://changes/{id}", cancellationToken: timeout.Token);

        await gate.Harness.SubmitAsync(id, "alice");
        await gate.Harness.ProcessUntilFinalAsync(id);

        // Polled with a deadline: the subscription ends on its own once it has sent the final state.
        while (gate.Subscriptions.Total != 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    private const int ChangeSubscriptionsLimit = McpGate.Server.Resources.ChangeSubscriptions.MaxPerSession;
}
