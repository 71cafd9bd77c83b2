using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Comments;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;
using McpGate.Core.Storage;

namespace McpGate.Cli.Commands;

internal static partial class ApprovalsCommand
{
    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "The change id." };
        var dataDir = CommonOptions.DataDir();
        var json = CommonOptions.Json();
        var server = ServerOption();
        var command = new Command("show", "Show a change: what it does, its proof, checks, diff, policy decision and approvals.") { id, dataDir, json, server };
        command.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var directory = DataDirectory.Resolve(parse.GetValue(dataDir));
            using (var api = await ApprovalsApiClient.ResolveAsync(parse.GetValue(server), directory, cancellationToken))
            {
                if (api is not null)
                {
                    return await ShowRemoteAsync(api, parse.GetValue(id)!, parse.GetValue(json), cancellationToken);
                }
            }

            using var ledger = OpenLocalLedger(directory);
            var changeId = parse.GetValue(id)!;
            var stored = await ledger.GetChangeAsync(changeId, cancellationToken)
                ?? throw new CliInputException($"no change {changeId} in {directory.LedgerPath}");
            var row = ChangeRow.Read(stored);
            if (row.Document is not { } change)
            {
                return ShowDamaged(row, parse.GetValue(json));
            }

            var gateKey = GateKeyStore.TryLoadPublicKey(directory);
            var (claims, _, failure) = gateKey is null
                ? (null, default, $"no gate public key at {directory.GatePublicKeyPath}")
                : ProofCheck.Verify(change, gateKey);
            var digestMatches = claims is not null;
            var proof = change.ProofEnvelope is null ? null : ProofVerifier.Verify(change.ProofEnvelope, gateKey, requireSignature: false);

            // The row is a projection of the ledger's entries: one edited by hand is flagged, not believed.
            var disagreement = await LedgerHistory.DisagreementAsync(ledger, directory, stored, change.ClusterIdentity?.Id, cancellationToken);
            var comments = await ChangeComments.ReadAsync(ledger, change.Id, cancellationToken);
            if (parse.GetValue(json))
            {
                var node = ChangeJson.ToNode(change);
                node["proofVerified"] = digestMatches;
                node["proofFailure"] = failure;
                node["releaseScore"] = proof?.Statement?["predicate"]?["releaseScore"]?.DeepClone();
                node["ledgerAgrees"] = disagreement is null;
                node["ledgerDisagreement"] = disagreement;
                node["comments"] = new JsonArray([.. comments.Select(c => (JsonNode)new JsonObject
                {
                    ["approver"] = c.Approver,
                    ["at"] = c.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                    ["text"] = c.Text,
                })]);
                Terminal.Out.Json(node);
                return disagreement is null ? ExitCodes.Success : ExitCodes.CheckFailed;
            }

            if (disagreement is not null)
            {
                Terminal.Error.Line($"mcpgate: this change's row in the changes table disagrees with its ledger entries, so what follows cannot be trusted: {disagreement}. Run 'mcpgate ledger verify'.");
            }

            var grid = TerminalTable.Grid()
                .AddField("Change", change.Id)
                .AddField("State", change.State.ToWire())
                .AddField("Summary", change.Summary)
                .AddField("Tool", change.Tool)
                .AddField("Target", $"{change.Target.Resource} {change.Target} on {change.Cluster}");
            foreach (var (label, value) in ClusterIdentityText.Rows(claims?.ClusterIdentity ?? change.ClusterIdentity))
            {
                grid.AddField(char.ToUpperInvariant(label[0]) + label[1..], value);
            }

            grid.AddField("Requester", change.Requester)
                .AddField("Reason", Attributed.Say(change.Requester, "reason", change.Reason))
                .AddField("Created", change.CreatedAt.ToString("u", CultureInfo.InvariantCulture))
                .AddField("Expires", change.ExpiresAt?.ToString("u", CultureInfo.InvariantCulture))
                .AddField("Proof", $"{change.ProofDigest} ({(digestMatches ? "signature verified with the gate key; the change matches it" : "NOT VERIFIED, do not approve: " + failure)})")
                .AddField("Score", proof?.Statement?["predicate"]?["releaseScore"] is { } score
                    ? $"{score.ToJsonString()}/100 release score, from the signed proof ({change.Checks.Count(c => c.Passed)} pass, {change.Checks.Count(c => c.Warned)} warn, {change.Checks.Count(c => c.Failed)} fail)"
                    : null);
            if (change.Policy is { } policy)
            {
                grid.AddField("Policy", $"{(policy.Allowed ? "allowed" : "denied")} by rule {Core.Text.UntrustedText.Quote(policy.Rule)}{(policy.DecisionReason is { } why ? $" ({why.ToWire()})" : string.Empty)}; {Attributed.Say("the policy", "reason", policy.Reason)}")
                    .AddField("Needs", $"{policy.RequiredApprovals} approval(s)" + (policy.ApproverGroups.Count > 0 ? $" from {string.Join(", ", policy.ApproverGroups)}" : string.Empty));
            }

            var request = claims?.Request ?? change.Request;
            grid.AddField("Outcome", Outcome(change))
                .AddField("Rollback of", change.RollbackOf is { } of ? $"{of} (this change undoes it; it is approved like any other)" : null)
                .AddField("Rollback", change.RollbackChangeId is { } rollback ? $"{rollback} proposed after the failed verification (needs its own approval)" : null)
                .AddField("Undo", request is null ? null
                    : request.Inverse.Count > 0 ? $"if verification fails, the gate proposes {request.Inverse.Count} write(s) restoring the observed state"
                    : $"no rollback: {request.NoInverseReason ?? "none recorded"}");
            Terminal.Out.Write(grid);

            if (request is { Steps.Count: > 0 })
            {
                var writes = TerminalTable.WithColumns("Writes (signed, in order)", "#", "VERB", "OBJECT", "PRECONDITION");
                for (var i = 0; i < request.Steps.Count; i++)
                {
                    var step = request.Steps[i];
                    var verb = step.PatchType is { } type ? $"{step.Verb} ({type})" : step.Verb.ToString();
                    writes.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), verb.ToLowerInvariant(), $"{step.Target.Resource} {step.Target}", step.Precondition.ToString());
                }

                Terminal.Out.Write(writes);
            }

            if (change.Diff.Count > 0)
            {
                var diff = TerminalTable.WithColumns("Diff (observed -> dry run)", "FIELD", "FROM", "TO");
                foreach (var line in change.Diff)
                {
                    diff.AddRow(line.Path, line.From?.ToJsonString() ?? "(unset)", line.To?.ToJsonString() ?? "(unset)");
                }

                Terminal.Out.Write(diff);
            }

            if (change.Checks.Count > 0)
            {
                var checks = TerminalTable.WithColumns("Checks", "CHECK", "STATUS", "DETAIL");
                foreach (var check in change.Checks)
                {
                    checks.AddRow(check.Name, StatusCell(check), check.Detail);
                }

                Terminal.Out.Write(checks);
            }

            if (change.Approvals.Count > 0)
            {
                var approvals = TerminalTable.WithColumns("Approvals", "APPROVER", "DECISION", "AT", "COMMENT");
                foreach (var a in change.Approvals)
                {
                    approvals.AddRow(a.Identity, a.Decision, a.At.ToString("u", CultureInfo.InvariantCulture),
                        a.Comment is null ? "-" : Attributed.Say(a.Identity, a.Decision == ApprovalDecision.Reject ? "reason" : "comment", a.Comment));
                }

                Terminal.Out.Write(approvals);
            }

            WriteComments(comments.Select(c => (c.Approver, c.At.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture), c.Text)));
            return disagreement is null ? ExitCodes.Success : ExitCodes.CheckFailed;
        }));
        return command;
    }

    /// <summary>Approvers' comments, each attributed and quoted (<c>alice commented: "..."</c>) through the terminal sanitiser.</summary>
    private static void WriteComments(IEnumerable<(string Approver, string At, string Text)> comments)
    {
        var table = TerminalTable.WithColumns("Comments (approvers' words, deciding nothing)", "AT", "COMMENT");
        var any = false;
        foreach (var (approver, at, text) in comments)
        {
            table.AddRow(at, Attributed.Commented(approver, text));
            any = true;
        }

        if (any)
        {
            Terminal.Out.Write(table);
        }
    }

    /// <summary>
    /// The outcome quoted: it may carry an approver's reason or a cluster's error text. A rejection
    /// is told from the counted rejection record, attributed to its approver.
    /// </summary>
    private static string? Outcome(ChangeDocument change)
    {
        var rejection = change.Approvals.FirstOrDefault(a => a.Decision == ApprovalDecision.Reject);
        if (change.State == ChangeState.Rejected && rejection is not null)
        {
            return $"rejected by {rejection.Identity}" + (rejection.Comment is null ? string.Empty : "; " + Attributed.Say(rejection.Identity, "reason", rejection.Comment));
        }

        if (change.State == ChangeState.Waiting && change.Waiting is { } waiting)
        {
            return $"approved, not run yet: {waiting.Reason} (held since {waiting.Since.ToString("u", CultureInfo.InvariantCulture)}); an approver can still stop it: mcpgate approvals cancel {change.Id} --key KEYFILE";
        }

        if (change.State == ChangeState.Cancelled && change.Cancellation is { } cancel)
        {
            return $"cancelled by {cancel.Identity} at {cancel.At.ToString("u", CultureInfo.InvariantCulture)} before execution; nothing was changed"
                + (cancel.Comment is null ? string.Empty : "; " + Attributed.Say(cancel.Identity, "reason", cancel.Comment));
        }

        return change.Outcome is null ? null : Attributed.Recorded(change.Outcome);
    }

    /// <summary>A check's status as signed: pass green, warn yellow, fail (or anything else) red.</summary>
    internal static TerminalCell StatusCell(CheckRecord check) =>
        check.Passed ? TerminalCell.Styled("green", check.Status.ToWire())
        : check.Warned ? TerminalCell.Styled("yellow", check.Status.ToWire())
        : TerminalCell.Styled("red", check.Status.ToWire());

    /// <summary>What can be read of a damaged row, marked as damaged; exit 1.</summary>
    private static int ShowDamaged(ChangeRow row, bool json)
    {
        if (json)
        {
            Terminal.Out.Json(new JsonObject { ["id"] = row.Id, ["state"] = row.State.ToWire(), ["damaged"] = row.Damage });
        }
        else
        {
            var grid = TerminalTable.Grid()
                .AddField("Change", row.Id)
                .AddField("State", row.State.ToWire())
                .AddField("DAMAGED", TerminalCell.Styled("red", row.Damage))
                .AddField("Summary", row.RawString("summary"))
                .AddField("Requester", row.RawString("requester"))
                .AddField("Reason", row.RawString("reason") is { } reason ? Attributed.Say(row.RawString("requester"), "reason", reason) : null)
                .AddField("Outcome", row.RawString("outcome") is { } outcome ? Attributed.Recorded(outcome) : null);
            Terminal.Out.Write(grid);
            Terminal.Error.Line($"mcpgate: change {row.Id} is damaged and cannot be approved; check the ledger with 'mcpgate ledger verify'");
        }

        return ExitCodes.CheckFailed;
    }
}
