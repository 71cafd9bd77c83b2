using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace McpGate.Server.Approvals;

internal sealed partial class ApprovalsEndpoints
{
    /// <summary>
    /// <c>POST /api/v1/changes/{id}/decisions</c>: the body is the DSSE envelope the approver signed
    /// (<c>application/json</c>, at most <see cref="ApprovalsApiOptions.MaxBodyBytes"/>). 200 with the
    /// change's state and quorum when recorded; otherwise the refusal's rule and a status chosen by it.
    /// A replayed envelope is refused (409, rule <c>duplicate</c>) and never counted twice.
    /// </summary>
    private async Task DecideAsync(HttpContext context, string changeId)
    {
        if (await ReadEnvelopeAsync(context, "a signed decision").ConfigureAwait(false) is not { } envelope)
        {
            return;
        }

        ApprovalOutcome outcome;
        try
        {
            outcome = await _submitter.SubmitSignedAsync(changeId, envelope, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ApprovalRefusedException ex)
        {
            // The ledger's path is the server's business, not a remote client's.
            var message = ex.Rule == ApprovalRefusal.UnknownChange ? $"no change {changeId}" : ex.Message;
            await RefuseAsync(context, StatusOf(ex.Rule), ex.Rule, message).ConfigureAwait(false);
            return;
        }

        var client = Client(context);
        ApprovalsApiLog.Recorded(logger, outcome.Approver.Identity, outcome.Decision,
            outcome.Change.Id, client, outcome.Tally.Accepted.Count, outcome.Tally.Required);
        var stored = await ledger.GetChangeAsync(outcome.Change.Id, context.RequestAborted).ConfigureAwait(false);
        var rules = outcome.Tally;
        await WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["changeId"] = outcome.Change.Id,
            ["approver"] = outcome.Approver.Identity,
            ["decision"] = outcome.Decision,
            ["state"] = (stored?.State ?? outcome.Change.State).ToWire(),
            ["quorum"] = outcome.Rules is { } counted ? ApprovalQuorum.ToJson(counted, rules) : null,
            ["approved"] = rules.Accepted.Count,
            ["required"] = rules.Required,
            ["quorumMet"] = rules.QuorumMet,
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The signed envelope a POST carries: <c>application/json</c> in UTF-8 (else 415), at most
    /// <see cref="ApprovalsApiOptions.MaxBodyBytes"/> (else 413); null when refused, the answer written.
    /// </summary>
    private async Task<string?> ReadEnvelopeAsync(HttpContext context, string what)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, "content-type",
                "the body must be the signed DSSE envelope as application/json (UTF-8)").ConfigureAwait(false);
            return null;
        }

        var body = await ReadBodyAsync(context.Request, options.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "body-size",
                $"the body is larger than {options.MaxBodyBytes} bytes; {what} is one DSSE envelope of a few kilobytes").ConfigureAwait(false);
            return null;
        }

        string envelope;
        try
        {
            envelope = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, ApprovalRefusal.Envelope, "the body is not UTF-8").ConfigureAwait(false);
            return null;
        }

        return envelope;
    }

    /// <summary>The status for a refusal's rule: the request's own form 400, who signed 403, the change's state 404 or 409.</summary>
    internal static int StatusOf(string rule) => rule switch
    {
        ApprovalRefusal.ChangeId or ApprovalRefusal.Envelope or ApprovalRefusal.Text => StatusCodes.Status400BadRequest,
        ApprovalRefusal.Signature or ApprovalRefusal.Identity or ApprovalRefusal.Requester or ApprovalRefusal.Groups => StatusCodes.Status403Forbidden,
        ApprovalRefusal.UnknownChange => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status409Conflict,
    };

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> (declared or read).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
