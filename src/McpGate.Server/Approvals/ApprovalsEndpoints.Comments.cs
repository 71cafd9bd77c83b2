using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Comments;
using Microsoft.AspNetCore.Http;

namespace McpGate.Server.Approvals;

internal sealed partial class ApprovalsEndpoints
{
    /// <summary>
    /// <c>POST /api/v1/changes/{id}/comments</c>: the body is the DSSE envelope of a comment the
    /// approver signed (the same content type, size and Origin rules as a decision). 200 with who
    /// commented, when, and the change's comment count; otherwise the refusal's rule and its status.
    /// A comment decides nothing and leaves the change's state as it is; the same envelope twice is
    /// refused (409, rule <c>duplicate</c>).
    /// </summary>
    private async Task CommentAsync(HttpContext context, string changeId)
    {
        if (await ReadEnvelopeAsync(context, "a signed comment").ConfigureAwait(false) is not { } envelope)
        {
            return;
        }

        CommentOutcome outcome;
        try
        {
            outcome = await _commenter.SubmitSignedAsync(changeId, envelope, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ApprovalRefusedException ex)
        {
            var message = ex.Rule == ApprovalRefusal.UnknownChange ? $"no change {changeId}" : ex.Message;
            await RefuseAsync(context, StatusOf(ex.Rule), ex.Rule, message).ConfigureAwait(false);
            return;
        }

        var client = Client(context);
        ApprovalsApiLog.Commented(logger, outcome.Approver.Identity, outcome.Change.Id, client, outcome.Count);
        await WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["changeId"] = outcome.Change.Id,
            ["approver"] = outcome.Approver.Identity,
            ["at"] = outcome.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["comments"] = outcome.Count,
        }).ConfigureAwait(false);
    }

    /// <summary>A change's comments as the API and the tools show them: who, when, and their words as data.</summary>
    internal static JsonArray CommentsJson(IEnumerable<ChangeComment> comments) =>
        [.. comments.Select(c => (JsonNode)new JsonObject
        {
            ["approver"] = c.Approver,
            ["at"] = c.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["text"] = c.Text,
        })];
}
