using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGate.Server.Resources;

internal sealed partial class GateResources
{
    /// <summary>
    /// <c>subscriptions/listen</c> (protocol revision 2026-07-28, which replaced resources/subscribe):
    /// the request's stream stays open; it acknowledges the change resources it follows (each
    /// <c>resourceSubscriptions</c> URI that names an existing change, at most
    /// <see cref="ChangeSubscriptions.MaxPerSession"/>), then carries a
    /// <c>notifications/resources/updated</c> at each state change, tagged with the listen request's
    /// id, until the client cancels it. Nothing else (list changes) is granted: the gate's tools,
    /// policies and manifests do not change while it runs.
    /// </summary>
    private async ValueTask<EmptyResult> ListenAsync(RequestContext<SubscriptionsListenRequestParams> request, CancellationToken cancellationToken)
    {
        var subscriptionId = request.JsonRpcRequest?.Id ?? default;
        var stream = new SubscriptionSession(request.Server.ServerOptions, request.Server.SessionId, $"listen:{subscriptionId}");
        var follow = new List<(GateResourceAddress Address, ChangeState State)>();
        foreach (var uri in request.Params?.Notifications?.ResourceSubscriptions ?? [])
        {
            if (follow.Count < ChangeSubscriptions.MaxPerSession
                && GateResourceAddress.Parse(uri, out _) is { IsChange: true } address
                && follow.All(f => f.Address.Uri != address.Uri)
                && await FindChangeAsync(address, cancellationToken).ConfigureAwait(false) is { } change)
            {
                follow.Add((address, change.State));
            }
        }

        var granted = new SubscriptionsListenNotifications { ResourceSubscriptions = follow.Count > 0 ? [.. follow.Select(f => f.Address.Uri)] : null };
        await SendOnStreamAsync(request.Server, subscriptionId, NotificationMethods.SubscriptionsAcknowledgedNotification,
            JsonSerializer.SerializeToNode(new SubscriptionsAcknowledgedNotificationParams { Notifications = granted }, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(SubscriptionsAcknowledgedNotificationParams)))!.AsObject(),
            cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var (address, state) in follow)
            {
                _subscriptions.Subscribe(stream, (uri, ct) => SendOnStreamAsync(request.Server, subscriptionId, NotificationMethods.ResourceUpdatedNotification, new JsonObject { ["uri"] = uri }, ct), address, state);
            }

            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client closed the stream (notifications/cancelled, or the HTTP response went away).
        }
        finally
        {
            _subscriptions.EndSession(stream);
        }

        return new EmptyResult();
    }

    /// <summary>The change, or null when there is none or the ledger cannot say (the URI is then not granted).</summary>
    private async Task<ChangeDocument?> FindChangeAsync(GateResourceAddress address, CancellationToken cancellationToken)
    {
        try
        {
            return await _gate.Engine.GetChangeAsync(address.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LedgerStorageException or LedgerCorruptException)
        {
            return null;
        }
    }

    /// <summary>A notification on the listen request's own stream, with its id as the subscription id (SEP-2575).</summary>
    private static Task SendOnStreamAsync(McpServer server, RequestId subscriptionId, string method, JsonObject parameters, CancellationToken cancellationToken)
    {
        parameters["_meta"] = new JsonObject
        {
            [MetaKeys.SubscriptionId] = subscriptionId.Id switch
            {
                string text => JsonValue.Create(text),
                long number => JsonValue.Create(number),
                _ => null,
            },
        };
        return server.SendMessageAsync(new JsonRpcNotification { Method = method, Params = parameters }, cancellationToken);
    }
}
