using System.CommandLine;
using System.Text.Json.Nodes;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Approvals;
using McpGate.Core.Comments;
using McpGate.Core.Crypto;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;
using McpGate.Core.Storage;

namespace McpGate.Cli.Commands;

internal static partial class ApprovalsCommand
{
    /// <summary><c>approvals comment</c>: an approver's signed note on a change, deciding nothing; the agent sees it in get_change.</summary>
    private static Command Comment()
    {
        var id = new Argument<string>("id") { Description = "The change id, e.g. chg-abcdefgh2345." };
        var key = new Option<string>("--key") { Description = "Your private key file (from 'mcpgate keys generate'); any approver in the policy may comment.", Required = true };
        var text = new Option<string>("--text") { Description = $"Your comment, 1 to {CommentFormat.MaxLength} characters of plain text on one line; recorded, and shown to other approvers and to the agent as your words.", Required = true };
        var dataDir = CommonOptions.DataDir();
        var policies = CommonOptions.Policies();
        var server = ServerOption();
        var command = new Command("comment", "Comment on a change without deciding: a question or a note, signed with your key and recorded in the ledger. The agent sees it in get_change, as data. It approves or rejects nothing, and works in any state.")
        {
            id, key, text, dataDir, policies, server,
        };
        command.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var directory = DataDirectory.Resolve(parse.GetValue(dataDir));
            var words = parse.GetValue(text);
            if (CommentFormat.Refusal("--text", words) is { } refusal)
            {
                throw new CliInputException(refusal);
            }

            using var privateKey = ReadKey(parse.GetValue(key)!);
            var changeId = parse.GetValue(id)!;
            using (var api = await ApprovalsApiClient.ResolveAsync(parse.GetValue(server), directory, cancellationToken))
            {
                if (api is not null)
                {
                    return await CommentRemoteAsync(api, changeId, privateKey, parse.GetValue(key)!, words!, cancellationToken);
                }
            }

            using var ledger = OpenLocalLedger(directory);
            var (gateKey, policyPath, policyRead) = await DecisionContextAsync(ledger, directory, privateKey, parse.GetValue(key)!, parse.GetValue(policies), changeId, cancellationToken);
            CommentOutcome outcome;
            try
            {
                var commenter = new ChangeCommenter(ledger, PolicySet.LoadDirectory(policyPath), gateKey, TimeProvider.System);
                outcome = await commenter.CommentAsync(changeId, privateKey, words!, cancellationToken);
            }
            catch (ApprovalRefusedException ex)
            {
                throw new CliInputException($"{ex.Message} ({policyRead})", ex);
            }
            catch (PolicyValidationException ex)
            {
                throw new CliInputException($"{ex.Message} ({policyRead})", ex);
            }

            Terminal.Out.Line($"Recorded {outcome.Approver.Identity}'s comment on {outcome.Change.Id} ({outcome.Change.Summary}), comment {outcome.Count} of the change; it decides nothing, and the agent sees it in get_change.");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// Fetches the change, checks its proof against the gate key it is served with, finds this key's
    /// approver identity, signs the comment here and posts only the envelope.
    /// </summary>
    private static async Task<int> CommentRemoteAsync(ApprovalsApiClient api, string changeId, Ed25519PrivateKey key, string keyOption, string words, CancellationToken cancellationToken)
    {
        var (change, digest, identity) = await SigningContextAsync(api, changeId, key, keyOption,
            "comment with your own approver key", "there is no proof to comment on", cancellationToken);
        var signed = CommentSigner.Sign(new CommentRequest
        {
            ChangeId = changeId,
            ProofDigest = digest,
            Approver = identity,
            Text = words,
            CreatedAt = TimeProvider.System.GetUtcNow(),
        }, key).ToJson();
        var outcome = await api.CommentAsync(changeId, signed, cancellationToken);
        Terminal.Out.Line($"Recorded {identity}'s comment on {changeId} ({Text(change, "summary")}) through {api.BaseUrl.AbsoluteUri}, comment {Text(outcome, "comments")} of the change; it decides nothing, and the agent sees it in get_change.");
        return ExitCodes.Success;
    }
}
