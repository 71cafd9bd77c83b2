using System.CommandLine;
using System.Text.Json;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Policy;
using McpGate.Core.Storage;
using Spectre.Console;

namespace McpGate.Cli.Commands;

/// <summary><c>mcpgate approvals</c>: review pending changes and approve or reject them with your own key.</summary>
internal static partial class ApprovalsCommand
{
    public static Command Create() => new("approvals", "Review change requests and approve or deny them with your own key.")
    {
        List(), Show(), Decide(ApprovalDecision.Approve), Decide(ApprovalDecision.Reject),
    };

    private static Command List()
    {
        var dataDir = CommonOptions.DataDir();
        var json = CommonOptions.Json();
        var all = new Option<bool>("--all") { Description = "List changes in every state, not only those pending approval." };
        var command = new Command("list", "List changes waiting for approval.") { dataDir, json, all };
        command.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            using var ledger = CliLedger.Open(DataDirectory.Resolve(parse.GetValue(dataDir)));
            var state = parse.GetValue(all) ? null : ChangeState.PendingApproval.ToWire();
            var changes = (await ledger.ListChangesAsync(state, cancellationToken))
                .Select(s => ChangeJson.Deserialize(s.DocumentJson))
                .ToList();
            if (parse.GetValue(json))
            {
                var rows = changes.Select(c => c with { ProofEnvelope = null }).ToList();
                Console.WriteLine(JsonSerializer.Serialize(rows, s_indented));
                return ExitCodes.Success;
            }

            if (changes.Count == 0)
            {
                Console.WriteLine(state is null ? "No changes recorded." : "No changes are waiting for approval.");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("ID", "STATE", "TOOL", "SUMMARY", "REQUESTER", "APPROVALS", "EXPIRES");
            foreach (var c in changes)
            {
                table.AddRow(
                    Markup.Escape(c.Id), Markup.Escape(c.State), Markup.Escape(c.Tool), Display.Markup(c.Summary),
                    Display.Markup(c.Requester), $"{c.Approvals.Count(a => a.Decision == ApprovalDecision.Approve)}/{c.Policy?.RequiredApprovals ?? 0}",
                    c.ExpiresAt?.ToString("u") ?? "-");
            }

            AnsiConsole.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Decide(string decision)
    {
        var approve = decision == ApprovalDecision.Approve;
        var id = new Argument<string>("id") { Description = "The change id, e.g. chg-abcdefgh2345." };
        var key = new Option<string>("--key") { Description = "Your private key file (from 'mcpgate keys generate').", Required = true };
        var text = approve
            ? new Option<string?>("--comment") { Description = "A note recorded with your approval." }
            : new Option<string?>("--reason") { Description = "Why you deny it; recorded and shown to the agent.", Required = true };
        var dataDir = CommonOptions.DataDir();
        var policies = CommonOptions.Policies();
        var command = new Command(approve ? "approve" : "deny", approve
            ? "Approve a change: signs its exact proof with your key. The server executes it once enough approvals count."
            : "Deny a change: signs a rejection with your key. The change will never execute.")
        {
            id, key, text, dataDir, policies,
        };
        command.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var directory = DataDirectory.Resolve(parse.GetValue(dataDir));
            var policy = PolicySet.LoadDirectory(CliPaths.Policies(parse.GetValue(policies)));
            using var privateKey = KeyFile.ReadPrivateKey(Path.GetFullPath(parse.GetValue(key)!));
            var note = parse.GetValue(text);
            if (!approve && string.IsNullOrWhiteSpace(note))
            {
                throw new CliInputException("--reason: say why you deny the change; it is recorded and shown to the agent");
            }

            using var ledger = CliLedger.Open(directory);
            var gateKey = GateKeyStore.TryLoadPublicKey(directory)
                ?? throw new CliInputException($"no gate public key at {directory.GatePublicKeyPath}: without it the proof you are asked to approve cannot be checked");
            var submitter = new ApprovalSubmitter(ledger, policy, gateKey, TimeProvider.System);
            var outcome = await submitter.SubmitAsync(parse.GetValue(id)!, decision, privateKey, note, cancellationToken);
            var change = outcome.Change;
            var who = outcome.Approver.Identity;
            Console.WriteLine(approve
                ? $"Recorded {who}'s approval of {change.Id} ({Display.Clean(change.Summary)}): {outcome.Tally.Accepted.Count} of {outcome.Tally.Required} approvals."
                : $"Recorded {who}'s rejection of {change.Id} ({Display.Clean(change.Summary)}).");
            if (approve && !outcome.Tally.QuorumMet)
            {
                Console.WriteLine($"Waiting for {outcome.Tally.Required - outcome.Tally.Accepted.Count} more approval(s).");
                return ExitCodes.Success;
            }

            var settled = await GateProgress.WaitWhilePendingAsync(ledger, change.Id, TimeSpan.FromSeconds(5), cancellationToken);
            Console.WriteLine(settled is null
                ? $"No gate has taken it up yet: it takes effect when 'mcpgate serve' runs for cluster {change.Cluster} with this data directory."
                : settled.State == ChangeState.Rejected.ToWire()
                    ? "The gate rejected it: it will never execute."
                    : $"The gate took it up: now {settled.State}. Follow it with: mcpgate approvals show {change.Id}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static readonly JsonSerializerOptions s_indented = new(ChangeJson.Options) { WriteIndented = true };
}
