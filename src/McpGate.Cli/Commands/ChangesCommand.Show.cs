using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Policy;
using McpGate.Core.Replay;
using McpGate.Core.Storage;
using McpGate.Core.Text;

namespace McpGate.Cli.Commands;

internal static partial class ChangesCommand
{
    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "The change id, e.g. chg-abcdefgh2345." };
        var dataDir = CommonOptions.DataDir();
        var policies = CommonOptions.Policies();
        var json = CommonOptions.Json();
        var command = new Command("show", "Replay one change from its ledger entries: who asked and why, the proof and its checks, the policy decision, each approval (signature checked), the requests executed, the state before and after, what verification observed, and the time each step took.")
        {
            id, dataDir, policies, json,
        };
        command.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var text = parse.GetValue(id)!;
            if (!ChangeId.TryParse(text, out var changeId))
            {
                throw new CliInputException($"ID: {Identities.Show(text)} is not a change id: expected 'chg-' followed by 12 characters a-z or 2-7");
            }

            var directory = DataDirectory.Resolve(parse.GetValue(dataDir));
            using var ledger = CliLedger.Open(directory);
            if (await ledger.GetChangeAsync(changeId.Value, cancellationToken) is null)
            {
                throw new CliInputException($"no change {changeId} in {directory.LedgerPath}");
            }

            var (policyPath, policySource) = CliPaths.PoliciesForDecision(parse.GetValue(policies), directory, await ApprovalsCommand.ClusterIdOfAsync(ledger, changeId.Value, cancellationToken));
            var policy = PolicySet.LoadDirectory(policyPath);
            var gateKey = GateKeyStore.TryLoadPublicKey(directory);
            var timeline = await new ChangeTimelineBuilder(policy, gateKey, TimeProvider.System).BuildAsync(ledger, changeId.Value, cancellationToken)
                ?? throw new CliInputException($"no change {changeId} in {directory.LedgerPath}");
            if (parse.GetValue(json))
            {
                Terminal.Out.Json(ChangeJson.ToNode(timeline));
            }
            else
            {
                WriteTimeline(timeline, $"signatures checked with the policy read from {policyPath} ({policySource}); the proof with {(gateKey is null ? $"no gate key (none at {directory.GatePublicKeyPath})" : directory.GatePublicKeyPath)}");
            }

            return timeline.RowDisagrees is null ? ExitCodes.Success : ExitCodes.CheckFailed;
        }));
        return command;
    }

    private static void WriteTimeline(ChangeTimeline t, string checkedWith)
    {
        var grid = TerminalTable.Grid()
            .AddFieldIfAny("Change", t.ChangeId)
            .AddFieldIfAny("State", t.State is { } state ? $"{state.ToWire()} (from the ledger's entries)" : "none recorded in the ledger")
            .AddFieldIfAny("Row", t.RowDisagrees is { } why ? TerminalCell.Styled("red", $"DISAGREES with the ledger: {why}") : null)
            .AddFieldIfAny("Summary", t.Summary)
            .AddFieldIfAny("Tool", t.Tool)
            .AddFieldIfAny("Target", t.Target is { } target ? $"{target.Resource} {target} on {t.Cluster}" : null)
            .AddFieldIfAny("Requester", t.Requester)
            .AddFieldIfAny("Reason", t.Reason is null ? null : Attributed.Say(t.Requester, "reason", t.Reason))
            .AddFieldIfAny("Arguments", t.Arguments?.ToJsonString())
            .AddFieldIfAny("Proof", t.Proof.Verified
                ? $"{t.Proof.Digest} (signature verified with the gate key; the change matches it; the ledger's proven entry names it)"
                : TerminalCell.Styled("red", $"{t.Proof.Digest ?? "none"} NOT VERIFIED: {t.Proof.Failure}"))
            .AddFieldIfAny("Score", t.Proof.ReleaseScore is { } score
                ? $"{score}/100 release score ({t.Proof.Checks.Count(c => c.Passed)} pass, {t.Proof.Checks.Count(c => c.Warned)} warn, {t.Proof.Checks.Count(c => c.Failed)} fail)"
                : null)
            .AddFieldIfAny("Expires", t.Proof.ExpiresAt?.ToString("u", CultureInfo.InvariantCulture));
        if (t.Policy is { } policy)
        {
            grid.AddFieldIfAny("Policy", $"{(policy.Allowed ? "allowed" : "denied")} by rule {UntrustedText.Quote(policy.Rule)}{(policy.DecisionReason is { } reason ? $" ({reason.ToWire()})" : string.Empty)}; {Attributed.Say("the policy", "reason", policy.Reason)}")
                .AddFieldIfAny("Needs", $"{policy.RequiredApprovals} approval(s)" + (policy.ApproverGroups.Count > 0 ? $" from {string.Join(", ", policy.ApproverGroups)}" : string.Empty));
        }

        grid.AddFieldIfAny("Before", Before(t))
            .AddFieldIfAny("After", t.Execution is { ResultResourceVersion: { } after } execution
                ? $"resourceVersion {after}{(execution.Reconciled ? " (found applied by reconciliation)" : string.Empty)}"
                : "not executed")
            .AddFieldIfAny("Cancelled", t.Cancellation is { } cancel
                ? $"by {cancel.Identity} at {Time(cancel.At)} ({Signature(cancel)}); {Attributed.Say(cancel.Identity, "reason", cancel.Comment)}"
                : null)
            .AddFieldIfAny("Verification", t.Verification is { } v
                ? $"{v.Result}: expected {v.Expect ?? "-"}, confidence {v.Confidence ?? "-"}; {Attributed.Say("the probe", "detail", v.Detail ?? v.Reason)}{(v.TimedOut is null ? string.Empty : "; timed out")}"
                : null)
            .AddFieldIfAny("Outcome", t.Outcome is null ? null : Attributed.Recorded(t.Outcome))
            .AddFieldIfAny("Rollback of", t.RollbackOf)
            .AddFieldIfAny("Rollback", t.RollbackChangeId)
            .AddFieldIfAny("Took", t.DurationMs is { } total ? $"{Duration(total)} from the first entry to the last" : null)
            .AddFieldIfAny("Checked", checkedWith);
        Terminal.Out.Write(grid);

        WriteSteps(t);
        WriteRequests(t);
        if (t.Diff.Count > 0)
        {
            var diff = TerminalTable.WithColumns("Diff (observed -> dry run, as signed)", "FIELD", "FROM", "TO");
            foreach (var line in t.Diff)
            {
                diff.AddRow(line.Path, line.From?.ToJsonString() ?? "(unset)", line.To?.ToJsonString() ?? "(unset)");
            }

            Terminal.Out.Write(diff);
        }

        if (t.Proof.Checks.Count > 0)
        {
            var checks = TerminalTable.WithColumns("Checks", "CHECK", "STATUS", "DETAIL");
            foreach (var check in t.Proof.Checks)
            {
                checks.AddRow(check.Name, ApprovalsCommand.StatusCell(check), check.Detail);
            }

            Terminal.Out.Write(checks);
        }

        if (t.Approvals.Count > 0)
        {
            var approvals = TerminalTable.WithColumns("Approvals (approval_submitted entries)", "ENTRY", "APPROVER", "DECISION", "AT", "SIGNATURE", "COMMENT");
            foreach (var a in t.Approvals)
            {
                approvals.AddRow(a.Sequence.ToString(CultureInfo.InvariantCulture), a.Identity, a.Decision, Time(a.At),
                    a.SignatureVerified ? TerminalCell.Styled("green", Signature(a)) : TerminalCell.Styled("red", Signature(a)),
                    a.Comment is null ? "-" : Attributed.Say(a.Identity, a.Decision == ApprovalDecision.Reject ? "reason" : "comment", a.Comment));
            }

            Terminal.Out.Write(approvals);
        }

        if (t.Comments.Count > 0)
        {
            var comments = TerminalTable.WithColumns("Comments (commented entries: approvers' words, deciding nothing)", "ENTRY", "AT", "SIGNATURE", "COMMENT");
            foreach (var c in t.Comments)
            {
                var signature = c.SignatureVerified ? "signature verified" : $"NOT VERIFIED: {c.Failure}";
                comments.AddRow(c.Sequence.ToString(CultureInfo.InvariantCulture), Time(c.At),
                    TerminalCell.Styled(c.SignatureVerified ? "green" : "red", signature), Attributed.Commented(c.Identity, c.Text));
            }

            Terminal.Out.Write(comments);
        }

        if (t.Verification?.Evidence is { Count: > 0 } evidence)
        {
            var facts = TerminalTable.WithColumns("Verification evidence (as the cluster reported it)", "NAME", "VALUE");
            foreach (var fact in evidence)
            {
                facts.AddRow(fact?["name"]?.ToString(), fact?["value"]?.ToString());
            }

            Terminal.Out.Write(facts);
        }
    }

    private static string Before(ChangeTimeline t)
    {
        var version = t.Proof.ObservedResourceVersion is { } rv ? $"resourceVersion {rv}" : "the target did not exist";
        return t.Proof.ObservedDigest is { } digest ? $"{version}; observed state {digest}" : version;
    }

    private static void WriteRequests(ChangeTimeline t)
    {
        if (t.Requests.Count == 0)
        {
            return;
        }

        var writes = TerminalTable.WithColumns("Requests (signed, in order)", "#", "VERB", "OBJECT", "PRECONDITION", "BODY");
        for (var i = 0; i < t.Requests.Count; i++)
        {
            var step = t.Requests[i];
            var verb = step.PatchType is { } type ? $"{step.Verb} ({type})" : step.Verb.ToString();
            writes.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), verb.ToLowerInvariant(), $"{step.Target.Resource} {step.Target}",
                step.Precondition.ToString(), step.Body?.ToJsonString() ?? "-");
        }

        Terminal.Out.Write(writes);
    }

    private static string Signature(TimelineDecision decision) =>
        decision.SignatureVerified ? "signature verified" : $"NOT VERIFIED: {decision.Failure}";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A step's length: <c>12 ms</c>, <c>1.234 s</c>, <c>2m05s</c>, <c>3h02m</c>, <c>2d04h</c>.</summary>
    internal static string Duration(long milliseconds)
    {
        var span = TimeSpan.FromMilliseconds(milliseconds);
        return milliseconds switch
        {
            < 1000 => $"{milliseconds} ms",
            < 60_000 => (milliseconds / 1000.0).ToString("0.000", CultureInfo.InvariantCulture) + " s",
            < 3_600_000 => $"{span.Minutes}m{span.Seconds:00}s",
            < 86_400_000 => $"{span.Hours}h{span.Minutes:00}m",
            _ => $"{(int)span.TotalDays}d{span.Hours:00}h",
        };
    }
}
