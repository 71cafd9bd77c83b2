using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using Microsoft.AspNetCore.Http;

namespace McpGate.Server.Approvals;

internal sealed partial class ApprovalsEndpoints
{
    /// <summary>
    /// <c>POST /api/v1/changes/{id}/cancellations</c>: the body is the DSSE envelope of a <c>cancel</c>
    /// the approver signed over the change's proof digest, with a reason (the decision's body rules).
    /// 200 when the change moved to cancelled; otherwise the refusal's rule and a status chosen by it.
    /// A change whose execution started, or that is already final (a replayed cancel too), is refused with 409.
    /// </summary>
    private async Task CancelAsync(HttpContext context, string changeId)
    {
        if (await ReadEnvelopeAsync(context, "a signed cancel").ConfigureAwait(false) is not { } envelope)
        {
            return;
        }

        ChangeDocument cancelled;
        try
        {
            cancelled = await _canceller.CancelSignedAsync(changeId, envelope, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ApprovalRefusedException ex)
        {
            // The ledger's path is the server's business, not a remote client's.
            var message = ex.Rule == ApprovalRefusal.UnknownChange ? $"no change {changeId}" : ex.Message;
            await RefuseAsync(context, StatusOf(ex.Rule), ex.Rule, message).ConfigureAwait(false);
            return;
        }

        var (approver, client) = (cancelled.Cancellation!.Identity, Client(context));
        ApprovalsApiLog.Cancelled(logger, approver, cancelled.Id, client);
        await WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["changeId"] = cancelled.Id,
            ["approver"] = approver,
            ["state"] = cancelled.State.ToWire(),
            ["outcome"] = cancelled.Outcome,
        }).ConfigureAwait(false);
    }
}
