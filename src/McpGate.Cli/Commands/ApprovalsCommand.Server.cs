using System.CommandLine;
using System.Text.Json.Nodes;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Approvals;
using McpGate.Core.Crypto;
using McpGate.Core.Proofs;
using McpGate.Core.Text;

namespace McpGate.Cli.Commands;

/// <summary>
/// <c>approvals list|show|approve|deny</c> against a gate's approval API: the approver needs their
/// key file and the API's address, no access to the data directory. Decisions are signed here.
/// </summary>
internal static partial class ApprovalsCommand
{
    private static Option<string?> ServerOption() => new("--server")
    {
        HelpName = "URL",
        Description = "The gate's approval API (printed by 'mcpgate serve --approvals-listen'). Without it, the address a running gate published in the data directory is used when it answers; otherwise the local data directory.",
    };

    private static async Task<int> ListRemoteAsync(ApprovalsApiClient api, bool all, bool json, CancellationToken cancellationToken)
    {
        var changes = await api.ListAsync(all ? "all" : "pending", cancellationToken);
        if (json)
        {
            Terminal.Out.Json(changes);
            return ExitCodes.Success;
        }

        if (changes.Count == 0)
        {
            Terminal.Out.Line($"{(all ? "No changes recorded." : "No changes are waiting for approval.")}");
            return ExitCodes.Success;
        }

        var table = TerminalTable.WithColumns(null, "ID", "STATE", "TOOL", "SUMMARY", "REQUESTER", "APPROVALS", "EXPIRES").KeepWhole("ID");
        foreach (var change in changes.OfType<JsonObject>())
        {
            table.AddRow(Text(change, "id"), Text(change, "state"), Text(change, "tool"), Text(change, "summary"), Text(change, "requester"),
                change["quorum"]?["text"]?.GetValue<string>() ?? "-", Text(change, "expiresAt"));
        }

        Terminal.Out.Write(table);
        return ExitCodes.Success;
    }

    private static async Task<int> ShowRemoteAsync(ApprovalsApiClient api, string changeId, bool json, CancellationToken cancellationToken)
    {
        var change = await api.ShowAsync(changeId, cancellationToken);
        if (json)
        {
            Terminal.Out.Json(change);
            return ExitCodes.Success;
        }

        var grid = TerminalTable.Grid()
            .AddField("Change", Text(change, "id"))
            .AddField("State", Text(change, "state"))
            .AddField("Summary", Text(change, "summary"))
            .AddField("Tool", Text(change, "tool"))
            .AddField("Requester", Text(change, "requester"))
            .AddField("Reason", change["reason"] is { } reason ? Attributed.Say(Text(change, "requester"), "reason", reason.GetValue<string>()) : null)
            .AddField("Expires", Text(change, "expiresAt"))
            .AddField("Proof", $"{Text(change, "proofDigest")} ({(change["proofVerified"]?.GetValue<bool>() == true ? "signature verified by the gate" : "NOT VERIFIED, do not approve: " + Text(change, "proofFailure"))})")
            .AddField("Score", change["releaseScore"] is { } score ? $"{score.ToJsonString()}/100 release score, from the signed proof" : null)
            .AddField("Policy", change["policy"] is JsonObject policy ? $"{(policy["allowed"]?.GetValue<bool>() == true ? "allowed" : "denied")} by rule {UntrustedText.Quote(Text(policy, "rule"))}" : null)
            .AddField("Quorum", change["quorum"]?["text"]?.GetValue<string>())
            .AddField("Served by", api.BaseUrl.AbsoluteUri);
        Terminal.Out.Write(grid);
        if (change["diff"] is JsonArray { Count: > 0 } lines)
        {
            var diff = TerminalTable.WithColumns("Diff (observed -> dry run)", "FIELD", "FROM", "TO");
            foreach (var line in lines.OfType<JsonObject>())
            {
                diff.AddRow(Text(line, "path"), line["from"]?.ToJsonString() ?? "(unset)", line["to"]?.ToJsonString() ?? "(unset)");
            }

            Terminal.Out.Write(diff);
        }

        if (change["checks"] is JsonArray { Count: > 0 } checks)
        {
            var table = TerminalTable.WithColumns("Checks", "CHECK", "STATUS", "DETAIL");
            foreach (var check in checks.OfType<JsonObject>())
            {
                table.AddRow(Text(check, "name"), Text(check, "status"), Text(check, "detail"));
            }

            Terminal.Out.Write(table);
        }

        WriteComments((change["comments"] as JsonArray ?? []).OfType<JsonObject>().Select(c => (Text(c, "approver"), Text(c, "at"), Text(c, "text"))));
        return ExitCodes.Success;
    }

    /// <summary>
    /// What a remote decision, cancel or comment is signed over: the change as the API serves it, its
    /// proof digest once the proof verifies with the gate key it is served with, and this key's approver
    /// identity among the policy's approvers the API lists. Refuses the gate's own key.
    /// </summary>
    private static async Task<(JsonObject Change, string Digest, string Identity)> SigningContextAsync(
        ApprovalsApiClient api, string changeId, Ed25519PrivateKey key, string keyOption, string ownKeyAdvice, string unprovenAdvice, CancellationToken cancellationToken)
    {
        var change = await api.ShowAsync(changeId, cancellationToken);
        Ed25519PublicKey gateKey;
        try
        {
            gateKey = Ed25519PublicKey.Parse(Text(change, "gatePublicKey"));
        }
        catch (KeyFormatException ex)
        {
            throw new CliInputException($"the approval API at {api.BaseUrl} served change {changeId} without a usable gate public key ({ex.Message})", ex);
        }

        if (key.PublicKey.Equals(gateKey))
        {
            throw new CliInputException($"--key {keyOption} is the gate's own key: {ownKeyAdvice} ('mcpgate keys generate --identity NAME --out FILE', then add the line it prints to the policy)");
        }

        var envelope = change["proofEnvelope"]?.GetValue<string>();
        var proof = envelope is null ? null : ProofVerifier.Verify(envelope, gateKey, requireSignature: true);
        var digest = Text(change, "proofDigest");
        if (proof is not { Succeeded: true } || proof.Digest?.ToString() != digest)
        {
            throw new CliInputException($"change {changeId}: its proof does not verify with the gate key it is served with ({proof?.Failure ?? "no proof envelope, or its digest is not " + digest}); {unprovenAdvice}");
        }

        var approver = (change["approvers"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(a => a["publicKey"]?.GetValue<string>() == key.PublicKey.ToString())
            ?? throw new CliInputException($"--key {keyOption}: this key ({key.PublicKey}) is not an approver in the policy of the gate at {api.BaseUrl}; add it to a policy file's approvers, e.g. - {{ identity: NAME, groups: [sre], publicKey: '{key.PublicKey}' }}");
        return (change, digest, Text(approver, "identity"));
    }

    /// <summary>
    /// Fetches the change, checks its proof against the gate key it is served with and that the
    /// digest to sign is that proof's, finds this key's approver identity among the policy's
    /// approvers, signs the decision here and posts only the envelope.
    /// </summary>
    private static async Task<int> DecideRemoteAsync(ApprovalsApiClient api, string changeId, string decision, Ed25519PrivateKey key, string keyOption, string? note, CancellationToken cancellationToken)
    {
        var (change, digest, identity) = await SigningContextAsync(api, changeId, key, keyOption,
            "the gate can never approve its own changes; approve with your own key", "do not approve it", cancellationToken);
        var signed = ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = changeId,
            ProofDigest = digest,
            Decision = decision,
            Approver = identity,
            Comment = note,
            SignedAt = TimeProvider.System.GetUtcNow(),
        }, key).ToJson();
        var outcome = await api.DecideAsync(changeId, signed, cancellationToken);
        var summary = Text(change, "summary");
        if (decision == ApprovalDecision.Approve)
        {
            Terminal.Out.Line($"Recorded {identity}'s approval of {changeId} ({summary}) through {api.BaseUrl.AbsoluteUri}: {outcome["quorum"]?["text"]?.GetValue<string>() ?? $"{outcome["approved"]} of {outcome["required"]} approvals"}.");
        }
        else
        {
            Terminal.Out.Line($"Recorded {identity}'s rejection of {changeId} ({summary}) through {api.BaseUrl.AbsoluteUri}.");
        }

        if (decision == ApprovalDecision.Approve && outcome["quorumMet"]?.GetValue<bool>() != true)
        {
            return ExitCodes.Success;
        }

        // The gate's engine counts the decision on its next pass: wait a little to say what it did.
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5);
        var state = Text(outcome, "state");
        while (state == "pending_approval" && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            state = Text(await api.ShowAsync(changeId, cancellationToken), "state");
        }

        var taken = state == "pending_approval" ? "The gate has not taken it up yet." : $"The gate took it up: now {state}.";
        Terminal.Out.Line($"{taken} Follow it with: mcpgate approvals show {changeId} --server {api.BaseUrl.AbsoluteUri}");
        return ExitCodes.Success;
    }

    /// <summary>
    /// The local data directory's ledger, used when no approval API was named or found; without one,
    /// the error names both ways: the gate's data directory, or its approval API's address.
    /// </summary>
    private static Core.Ledger.ChangeLedger OpenLocalLedger(Core.Storage.DataDirectory directory)
    {
        if (!File.Exists(directory.LedgerPath))
        {
            throw new CliInputException(
                $"no ledger at {directory.LedgerPath} and no approval API address published there: give the gate's approval API with --server URL (printed by 'mcpgate serve --approvals-listen'), or the gate's data directory with --data-dir DIR (or $MCPGATE_HOME)");
        }

        return CliLedger.Open(directory);
    }

    /// <summary>The approver's private key; a missing or unreadable file is named as the --key at fault.</summary>
    private static Ed25519PrivateKey ReadKey(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new CliInputException($"--key {path}: no such file; give your private key file (from 'mcpgate keys generate')");
        }

        return KeyFile.ReadPrivateKey(full);
    }

    private static string Text(JsonObject node, string name) => node[name] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        null => "-",
        var other => other.ToJsonString(),
    };
}
