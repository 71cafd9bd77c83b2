using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Changes;
using McpGate.Core.Proofs;
using McpGate.Core.Storage;
using Spectre.Console;

namespace McpGate.Cli.Commands;

internal static partial class ApprovalsCommand
{
    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "The change id." };
        var dataDir = CommonOptions.DataDir();
        var json = CommonOptions.Json();
        var command = new Command("show", "Show a change: what it does, its proof, checks, diff, policy decision and approvals.") { id, dataDir, json };
        command.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var directory = DataDirectory.Resolve(parse.GetValue(dataDir));
            using var ledger = CliLedger.Open(directory);
            var changeId = parse.GetValue(id)!;
            var stored = await ledger.GetChangeAsync(changeId, cancellationToken)
                ?? throw new CliInputException($"no change {changeId} in {directory.LedgerPath}");
            var change = ChangeJson.Deserialize(stored.DocumentJson);
            var gateKey = GateKeyStore.TryLoadPublicKey(directory);
            var (claims, _, failure) = gateKey is null
                ? (null, default, $"no gate public key at {directory.GatePublicKeyPath}")
                : ProofCheck.Verify(change, gateKey);
            var digestMatches = claims is not null;
            var proof = change.ProofEnvelope is null ? null : ProofVerifier.Verify(change.ProofEnvelope, gateKey, requireSignature: false);

            if (parse.GetValue(json))
            {
                var node = JsonSerializer.SerializeToNode(change, ChangeJson.Options)!.AsObject();
                node["proofVerified"] = digestMatches;
                node["proofFailure"] = failure;
                Console.WriteLine(node.ToJsonString(s_indented));
                return ExitCodes.Success;
            }

            var grid = new Grid().AddColumn().AddColumn();
            void Row(string label, string? value) => grid.AddRow($"[bold]{label}[/]", Display.Markup(value ?? "-"));
            Row("Change", change.Id);
            Row("State", change.State);
            Row("Summary", change.Summary);
            Row("Tool", change.Tool);
            Row("Target", $"{change.Target.Resource} {change.Target} on {change.Cluster}");
            foreach (var (label, value) in ClusterIdentityText.Rows(claims?.ClusterIdentity ?? change.ClusterIdentity))
            {
                Row(char.ToUpperInvariant(label[0]) + label[1..], value);
            }

            Row("Requester", change.Requester);
            Row("Reason", change.Reason);
            Row("Created", change.CreatedAt.ToString("u"));
            Row("Expires", change.ExpiresAt?.ToString("u"));
            Row("Proof", $"{change.ProofDigest} ({(digestMatches ? "signature verified with the gate key; the change matches it" : "NOT VERIFIED, do not approve: " + failure)})");
            Row("Score", proof?.Statement?["predicate"]?["releaseScore"]?.ToJsonString());
            if (change.Policy is { } policy)
            {
                Row("Policy", $"{(policy.Allowed ? "allowed" : "denied")} by {policy.Rule}: {policy.Reason}");
                Row("Needs", $"{policy.RequiredApprovals} approval(s)" + (policy.ApproverGroups.Count > 0 ? $" from {string.Join(", ", policy.ApproverGroups)}" : string.Empty));
            }

            Row("Outcome", change.Outcome);
            AnsiConsole.Write(grid);

            if (change.Diff.Count > 0)
            {
                var diff = new Table().Border(TableBorder.Rounded).Title("Diff (observed -> dry run)").AddColumns("FIELD", "FROM", "TO");
                foreach (var line in change.Diff)
                {
                    diff.AddRow(Display.Markup(line.Path), Display.Markup(line.From?.ToJsonString() ?? "(unset)"), Display.Markup(line.To?.ToJsonString() ?? "(unset)"));
                }

                AnsiConsole.Write(diff);
            }

            if (change.Checks.Count > 0)
            {
                var checks = new Table().Border(TableBorder.Rounded).Title("Checks").AddColumns("CHECK", "STATUS", "DETAIL");
                foreach (var check in change.Checks)
                {
                    checks.AddRow(Display.Markup(check.Name), check.Passed ? "[green]pass[/]" : "[red]fail[/]", Display.Markup(check.Detail));
                }

                AnsiConsole.Write(checks);
            }

            if (change.Approvals.Count > 0)
            {
                var approvals = new Table().Border(TableBorder.Rounded).Title("Approvals").AddColumns("APPROVER", "DECISION", "AT", "COMMENT");
                foreach (var a in change.Approvals)
                {
                    approvals.AddRow(Display.Markup(a.Identity), Display.Markup(a.Decision), a.At.ToString("u"), Display.Markup(a.Comment));
                }

                AnsiConsole.Write(approvals);
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
