using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using McpGate.Server.Tests.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGate.Server.Tests.Resources;

/// <summary>
/// subscriptions/listen (revision 2026-07-28, the SDK client's default, which has no resources/subscribe):
/// the acknowledgement grants the change resources that exist, updates come on the stream tagged with
/// the listen request's id, and cancelling the stream ends its subscriptions.
/// </summary>
public sealed class SubscriptionsListenTests
{
    [Fact]
    public async Task Listen_GrantsExistingChanges_NotifiesOnOutOfBandApproval_EndsWhenCancelled()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var gate = await InMemoryGate.StartAsync();
        var id = await GateResourcesTests.ProposeAsync(gate, 3);
        var uri = $"mcpgate://changes/{id}";
        var acknowledged = Channel.CreateUnbounded<JsonNode>();
        var updates = Channel.CreateUnbounded<JsonNode>();
        await using var onAck = gate.Client.RegisterNotificationHandler(NotificationMethods.SubscriptionsAcknowledgedNotification, (n, _) =>
        {
            acknowledged.Writer.TryWrite(n.Params!);
            return ValueTask.CompletedTask;
        });
        await using var onUpdate = gate.Client.RegisterNotificationHandler(NotificationMethods.ResourceUpdatedNotification, (n, _) =>
        {
            updates.Writer.TryWrite(n.Params!);
            return ValueTask.CompletedTask;
        });

        using var listening = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var listen = gate.Client.SendRequestAsync(new JsonRpcRequest
        {
            Id = new RequestId("listen-1"),
            Method = RequestMethods.SubscriptionsListen,
            Params = JsonSerializer.SerializeToNode(new SubscriptionsListenRequestParams
            {
                Notifications = new SubscriptionsListenNotifications
                {
                    ResourceSubscriptions = [uri, "mcpgate://policies/policy", "mcpgate://changes/chg-aaaaaaaaaaaa", "mcpgate://changes/../x"],
                    ToolsListChanged = true,
                },
            }, McpJsonUtilities.DefaultOptions),
        }, listening.Token);

        var ack = await acknowledged.Reader.ReadAsync(timeout.Token);
        ack["notifications"]!["resourceSubscriptions"]!.AsArray().Select(u => u!.GetValue<string>()).Should().Equal(uri);
        ack["notifications"]!["toolsListChanged"].Should().BeNull("the gate's tools never change while it runs");
        ack["_meta"]![MetaKeys.SubscriptionId]!.GetValue<string>().Should().Be("listen-1");

        await gate.Harness.SubmitAsync(id, "alice");
        await gate.Harness.ProcessUntilFinalAsync(id);
        var status = string.Empty;
        while (status != "verified")
        {
            var update = await updates.Reader.ReadAsync(timeout.Token);
            update["uri"]!.GetValue<string>().Should().Be(uri);
            update["_meta"]![MetaKeys.SubscriptionId]!.GetValue<string>().Should().Be("listen-1");
            status = GateResourcesTests.Json(await gate.Client.ReadResourceAsync(uri, cancellationToken: timeout.Token))["status"]!.GetValue<string>();
        }

        await listening.CancelAsync();
        await listen.Invoking(async l => await l).Should().ThrowAsync<OperationCanceledException>();
        while (gate.Subscriptions.Total != 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    [Fact]
    public async Task ResourcesSubscribe_OnThe2026Revision_IsRefusedBySdk_PointingToListen()
    {
        await using var gate = await InMemoryGate.StartAsync();
        var id = await GateResourcesTests.ProposeAsync(gate, 3);

        var subscribe = async () => await gate.Client.SubscribeToResourceAsync($"mcpgate://changes/{id}");

        var error = (await subscribe.Should().ThrowAsync<McpProtocolException>()).Which;
        error.ErrorCode.Should().Be(McpErrorCode.MethodNotFound);
        error.Message.Should().Contain("subscriptions/listen");
        gate.Subscriptions.Total.Should().Be(0);
    }
}
