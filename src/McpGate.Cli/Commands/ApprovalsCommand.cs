using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Core.Policy;
using McpGate.Core.Storage;
using McpGate.Core.Text;

namespace McpGate.Cli.Commands;

/// <summary><c>mcpgate approvals</c>: review pending changes and approve or reject them with your own key.</summary>
internal static partial class ApprovalsCommand
{
    public static Command Create() => new("approvals", "Review change requests, approve, deny or comment on them with your own key.")
    {
        List(), Show(), Decide(ApprovalDecision.Approve), Decide(ApprovalDecision.Reject), Cancel(), Comment(),
    };

    private static Command List()
    {
        var dataDir = CommonOptions.DataDir();
        var json = CommonOptions.Json();
        var all = new Option<bool>("--all") { Description = "List changes in every state, not only those pending approval." };
        var server = ServerOption();
        var command = new Command("list", "List changes waiting for approval.") { dataDir, json, all, server };
        command.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            using (var api = await ApprovalsApiClient.ResolveAsync(parse.GetValue(server), DataDirectory.Resolve(parse.GetValue(dataDir)), cancellationToken))
            {
                if (api is not null)
                {
                    return await ListRemoteAsync(api, parse.GetValue(all), parse.GetValue(json), cancellationToken);
                }
            }

            using var ledger = OpenLocalLedger(DataDirectory.Resolve(parse.GetValue(dataDir)));
            ChangeState? state = parse.GetValue(all) ? null : ChangeState.PendingApproval;
            var rows = (await ledger.ListChangesAsync(state, cancellationToken)).Select(ChangeRow.Read).ToList();
            var damaged = rows.Count(r => r.Damage is not null);
            if (parse.GetValue(json))
            {
                Terminal.Out.Json(new JsonArray([.. rows.Select(ToJson)]));
            }
            else if (rows.Count == 0)
            {
                Terminal.Out.Line($"{(state is null ? "No changes recorded." : "No changes are waiting for approval.")}");
            }
            else if (Terminal.Out.Width < WideListColumns)
            {
                // Seven columns do not fit: one block per change, the id first on its own line part,
                // so it is never split and can be copied.
                foreach (var row in rows)
                {
                    if (row.Document is { } c)
                    {
                        Terminal.Out.Line($"{c.Id}  {c.State.ToWire()}  {c.Approvals.Count(a => a.Decision == ApprovalDecision.Approve)}/{c.Policy?.RequiredApprovals ?? 0} approvals");
                        Terminal.Out.Line($"  {c.Tool}: {c.Summary}");
                        Terminal.Out.Line($"  requested by {c.Requester}, expires {c.ExpiresAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-"}");
                    }
                    else
                    {
                        Terminal.Out.Line($"{row.Id}  {row.State.ToWire()}");
                        Terminal.Out.Markup($"  [red]DAMAGED[/]: see 'approvals show {row.Id}'");
                    }
                }
            }
            else
            {
                var table = TerminalTable.WithColumns(null, "ID", "STATE", "TOOL", "SUMMARY", "REQUESTER", "APPROVALS", "EXPIRES").KeepWhole("ID");
                foreach (var row in rows)
                {
                    if (row.Document is { } c)
                    {
                        table.AddRow(c.Id, c.State.ToWire(), c.Tool, c.Summary, c.Requester,
                            $"{c.Approvals.Count(a => a.Decision == ApprovalDecision.Approve)}/{c.Policy?.RequiredApprovals ?? 0}",
                            c.ExpiresAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-");
                    }
                    else
                    {
                        table.AddRow(row.Id, row.State.ToWire(), "-", TerminalCell.Styled("red", "DAMAGED: see 'approvals show " + row.Id + "'"), "-", "-", "-");
                    }
                }

                Terminal.Out.Write(table);
            }

            if (damaged > 0)
            {
                Terminal.Error.Line($"mcpgate: {damaged} change row(s) damaged in {ledger.DatabasePath}; the others are listed. Check the ledger with 'mcpgate ledger verify'.");
                return ExitCodes.CheckFailed;
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// What every signed decision needs besides the approver's key: the gate's public key (to
    /// check the proof), and the policy the gate serving this data directory uses, with a line
    /// saying which files were read, for every refusal.
    /// </summary>
    private static async Task<(Ed25519PublicKey GateKey, string PolicyPath, string PolicyRead)> DecisionContextAsync(
        ChangeLedger ledger, DataDirectory directory, Ed25519PrivateKey privateKey, string keyOption, string? policiesOption, string changeId, CancellationToken cancellationToken)
    {
        var gateKey = GateKeyStore.TryLoadPublicKey(directory)
            ?? throw new CliInputException($"no gate public key at {directory.GatePublicKeyPath}: without it the proof you are asked to sign cannot be checked");
        if (privateKey.PublicKey.Equals(gateKey))
        {
            throw new CliInputException($"--key {keyOption} is the gate's own key ({directory.GateKeyPath}): the gate can never approve its own changes, and putting its public key among the approvers stops the server from starting; approve with your own key ('mcpgate keys generate --identity NAME --out FILE', then add the line it prints to the policy)");
        }

        var (policyPath, policySource) = CliPaths.PoliciesForDecision(policiesOption, directory, await ClusterIdOfAsync(ledger, changeId, cancellationToken));
        return (gateKey, policyPath, $"policy read from {policyPath}, {policySource}: {CliPaths.PolicyFiles(policyPath)}");
    }

    /// <summary>The cluster id the change was proven on, to find that cluster's gate's policy; null when unknown.</summary>
    internal static async Task<string?> ClusterIdOfAsync(ChangeLedger ledger, string changeId, CancellationToken cancellationToken)
    {
        try
        {
            return await ledger.GetChangeAsync(changeId, cancellationToken) is { } stored
                ? ChangeJson.Deserialize(stored.DocumentJson).ClusterIdentity?.Id
                : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            // A damaged row: the submitter refuses it with its own message.
            return null;
        }
    }

    /// <summary>Below this width the list is printed as blocks, not a table (seven columns would split the ids).</summary>
    private const int WideListColumns = 120;

    private static JsonNode ToJson(ChangeRow row) => row.Document is { } change
        ? ChangeJson.ToNode(change with { ProofEnvelope = null })
        : new JsonObject { ["id"] = row.Id, ["state"] = row.State.ToWire(), ["damaged"] = row.Damage };

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
        var server = ServerOption();
        var command = new Command(approve ? "approve" : "deny", approve
            ? "Approve a change: signs its exact proof with your key. The server executes it once enough approvals count."
            : "Deny a change: signs a rejection with your key. The change will never execute.")
        {
            id, key, text, dataDir, policies, server,
        };
        command.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var directory = DataDirectory.Resolve(parse.GetValue(dataDir));
            using var privateKey = ReadKey(parse.GetValue(key)!);
            var note = parse.GetValue(text);
            if (!approve && string.IsNullOrWhiteSpace(note))
            {
                throw new CliInputException("--reason: say why you deny the change; it is recorded and shown to the agent");
            }

            if (UntrustedText.Refusal(approve ? "--comment" : "--reason", note) is { } refusal)
            {
                throw new CliInputException(refusal);
            }

            using (var api = await ApprovalsApiClient.ResolveAsync(parse.GetValue(server), directory, cancellationToken))
            {
                if (api is not null)
                {
                    return await DecideRemoteAsync(api, parse.GetValue(id)!, decision, privateKey, parse.GetValue(key)!, note, cancellationToken);
                }
            }

            using var ledger = OpenLocalLedger(directory);
            var (gateKey, policyPath, policyRead) = await DecisionContextAsync(ledger, directory, privateKey, parse.GetValue(key)!, parse.GetValue(policies), parse.GetValue(id)!, cancellationToken);
            ApprovalOutcome outcome;
            try
            {
                var policy = PolicySet.LoadDirectory(policyPath);
                var submitter = new ApprovalSubmitter(ledger, policy, gateKey, TimeProvider.System);
                outcome = await submitter.SubmitAsync(parse.GetValue(id)!, decision, privateKey, note, cancellationToken);
            }
            catch (ApprovalRefusedException ex)
            {
                throw new CliInputException($"{ex.Message} ({policyRead})", ex);
            }
            catch (PolicyValidationException ex)
            {
                throw new CliInputException($"{ex.Message} ({policyRead})", ex);
            }

            var change = outcome.Change;
            var who = outcome.Approver.Identity;
            if (approve)
            {
                Terminal.Out.Line($"Recorded {who}'s approval of {change.Id} ({change.Summary}): {outcome.Tally.Accepted.Count} of {outcome.Tally.Required} approvals.");
            }
            else
            {
                Terminal.Out.Line($"Recorded {who}'s rejection of {change.Id} ({change.Summary}).");
            }

            if (approve && !outcome.Tally.QuorumMet)
            {
                Terminal.Out.Line($"Waiting for {outcome.Tally.Required - outcome.Tally.Accepted.Count} more approval(s).");
                return ExitCodes.Success;
            }

            var settled = await GateProgress.WaitWhilePendingAsync(ledger, change.Id, TimeSpan.FromSeconds(5), cancellationToken);
            if (settled is null)
            {
                Terminal.Out.Line($"No gate has taken it up yet: it takes effect when 'mcpgate serve' runs for cluster {change.Cluster} with this data directory.");
            }
            else if (settled.State == ChangeState.Rejected)
            {
                Terminal.Out.Line($"The gate rejected it: it will never execute.");
            }
            else
            {
                Terminal.Out.Line($"The gate took it up: now {settled.State.ToWire()}. Follow it with: mcpgate approvals show {change.Id}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

}
