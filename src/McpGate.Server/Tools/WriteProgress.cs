using McpGate.Core.Changes;
using McpGate.Core.Policy;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGate.Server.Tools;

/// <summary>
/// Progress of a write called with a progress token: the stages the proposal passes before the
/// tool answers (proving; the policy decision; then pending approval, or why it stopped). A write
/// never waits for approval; <c>get_change</c> with <c>wait_seconds</c> reports the stages after it.
/// Without a progress token nothing is sent.
/// </summary>
internal readonly struct WriteProgress
{
    private const int Stages = 3;

    private readonly McpServer? _server;
    private readonly ProgressToken? _token;

    private WriteProgress(McpServer server, ProgressToken token)
    {
        _server = server;
        _token = token;
    }

    public static WriteProgress For(RequestContext<CallToolRequestParams> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Params?.ProgressToken is { } token ? new WriteProgress(request.Server, token) : default;
    }

    public Task ProvingAsync(string tool, CancellationToken cancellationToken) =>
        NotifyAsync(1, $"{tool}: proving (reading the target, dry run, checks, signing the proof)", cancellationToken);

    /// <summary>The policy's decision, then where the change stands: pending approval, or the final state it reached.</summary>
    public async Task DecidedAsync(ChangeDocument change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var decision = change.Policy is { } policy
            ? policy.Allowed ? $"allowed by rule {policy.Rule}, {policy.RequiredApprovals} approval(s) required" : $"denied ({policy.DecisionReason?.ToWire() ?? "no rule allows it"})"
            : "no policy decision recorded";
        await NotifyAsync(2, $"{change.Id}: policy decision: {decision}", cancellationToken).ConfigureAwait(false);
        var next = change.State == ChangeState.PendingApproval
            ? $"{change.Id}: pending_approval, waiting for a human to approve it outside this conversation; follow it with get_change wait_seconds"
            : $"{change.Id}: {change.State.ToWire()}";
        await NotifyAsync(3, next, cancellationToken).ConfigureAwait(false);
    }

    private async Task NotifyAsync(int step, string message, CancellationToken cancellationToken)
    {
        if (_server is null || _token is not { } token)
        {
            return;
        }

        await _server.NotifyProgressAsync(token, new ProgressNotificationValue { Progress = step, Total = Stages, Message = message }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
