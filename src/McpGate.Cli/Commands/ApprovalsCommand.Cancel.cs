using System.CommandLine;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Policy;
using McpGate.Core.Storage;
using McpGate.Core.Text;

namespace McpGate.Cli.Commands;

internal static partial class ApprovalsCommand
{
    /// <summary><c>approvals cancel</c>: stops a pending, approved or waiting change before it executes, signed with the approver's key.</summary>
    private static Command Cancel()
    {
        var id = new Argument<string>("id") { Description = "The change id, e.g. chg-abcdefgh2345." };
        var key = new Option<string>("--key") { Description = "Your private key file (from 'mcpgate keys generate'); any approver in the policy may cancel.", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why you cancel it; recorded and shown to the agent.", Required = true };
        var dataDir = CommonOptions.DataDir();
        var policies = CommonOptions.Policies();
        var server = ServerOption();
        var command = new Command("cancel", "Cancel a change before it executes: pending approval, approved, or waiting for a freeze window to end. Signs the cancel with your key; it takes effect at once, with or without a running gate (through its approval API with --server, or the address it published). Refused once execution has started.")
        {
            id, key, reason, dataDir, policies, server,
        };
        command.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var directory = DataDirectory.Resolve(parse.GetValue(dataDir));
            using var privateKey = ReadKey(parse.GetValue(key)!);
            var why = parse.GetValue(reason);
            if (string.IsNullOrWhiteSpace(why))
            {
                throw new CliInputException("--reason: say why you cancel the change; it is recorded and shown to the agent");
            }

            if (UntrustedText.Refusal("--reason", why) is { } refusal)
            {
                throw new CliInputException(refusal);
            }

            var changeId = parse.GetValue(id)!;
            using (var api = await ApprovalsApiClient.ResolveAsync(parse.GetValue(server), directory, cancellationToken))
            {
                if (api is not null)
                {
                    return await CancelRemoteAsync(api, changeId, privateKey, parse.GetValue(key)!, why, cancellationToken);
                }
            }

            using var ledger = OpenLocalLedger(directory);
            var (gateKey, policyPath, policyRead) = await DecisionContextAsync(ledger, directory, privateKey, parse.GetValue(key)!, parse.GetValue(policies), changeId, cancellationToken);
            ChangeDocument cancelled;
            try
            {
                var canceller = new ChangeCanceller(ledger, PolicySet.LoadDirectory(policyPath), gateKey, TimeProvider.System);
                cancelled = await canceller.CancelAsync(changeId, privateKey, why, cancellationToken);
            }
            catch (ApprovalRefusedException ex)
            {
                throw new CliInputException($"{ex.Message} ({policyRead})", ex);
            }
            catch (PolicyValidationException ex)
            {
                throw new CliInputException($"{ex.Message} ({policyRead})", ex);
            }

            Terminal.Out.Line($"Cancelled {cancelled.Id} ({cancelled.Summary}) as {cancelled.Cancellation!.Identity}: it will never execute, and nothing was changed. The agent sees it as cancelled.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
