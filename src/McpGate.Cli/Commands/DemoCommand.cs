using System.CommandLine;
using System.Text.Json;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Core.Policy;
using McpGate.Core.Storage;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGate.Cli.Commands;

/// <summary>
/// <c>mcpgate demo</c>: the whole flow on the sandbox, for real. Starts <c>mcpgate serve
/// --sandbox</c> as a child process, talks to it as an MCP client over stdio, proposes a scale,
/// approves it out of band with a freshly generated approver key, waits for verification and
/// checks the ledger.
/// </summary>
internal static class DemoCommand
{
    private const string Approver = "demo-operator";

    public static Command Create()
    {
        var keep = new Option<string?>("--dir") { Description = "Folder for the demo's data, policies and key (default: a new temporary folder)." };
        var command = new Command("demo", "Guided run of the whole flow on the embedded sandbox: read, propose, approve out of band, execute, verify, audit.") { keep };
        command.SetAction((parse, cancellationToken) => CliAction.RunAsync(() => RunAsync(parse.GetValue(keep), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(string? folder, CancellationToken cancellationToken)
    {
        var root = folder is null ? Directory.CreateTempSubdirectory("mcpgate-demo-").FullName : Directory.CreateDirectory(folder).FullName;
        var data = DataDirectory.Resolve(Path.Combine(root, "data")).EnsureExists();
        var policies = Directory.CreateDirectory(Path.Combine(root, "policies")).FullName;
        foreach (var file in Directory.EnumerateFiles(CliPaths.Policies(null), "*.yaml"))
        {
            File.Copy(file, Path.Combine(policies, Path.GetFileName(file)), overwrite: true);
        }

        Step(1, "An approver key, and a policy that trusts it");
        var keyPath = Path.Combine(root, $"{Approver}.pem");
        using var key = Ed25519PrivateKey.Generate();
        KeyFile.WritePrivateKey(keyPath, key, overwrite: true);
        await File.WriteAllTextAsync(Path.Combine(policies, "demo-approvers.yaml"),
            $"approvers:\n  - {{ identity: {Approver}, groups: [sre], publicKey: '{key.PublicKey}' }}\n", cancellationToken);
        Say($"{Approver}'s key: {keyPath} ({key.PublicKey}); the policy allows scale_deployment in 'demo' with 1 approval from group sre.");

        Step(2, "Start 'mcpgate serve --sandbox' and connect as an MCP client over stdio");
        var (command, prefix) = SelfProcess.Get();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "mcpgate",
            Command = command,
            Arguments = [.. prefix, "serve", "--sandbox", "--data-dir", data.Path, "--policies", policies, "--agent", "demo-agent", "--approvals-listen", "127.0.0.1:0", "--log-level", "Warning"],
        });
        // The gate answers server/discover, so the client must not give up on it after the SDK's
        // default 5 s probe while 'serve --sandbox' is still starting: a client that falls back to
        // initialize then is racing its own abandoned probe. The connect stays bounded by the SDK's
        // 60 s initialization timeout.
        var clientOptions = new McpClientOptions { DiscoverProbeTimeout = Timeout.InfiniteTimeSpan };
        await using var client = await McpClient.CreateAsync(transport, clientOptions, cancellationToken: cancellationToken);
        var tools = await client.ListToolsAsync(cancellationToken: cancellationToken);
        var table = TerminalTable.WithColumns(null, "TOOL", "READ-ONLY", "DESTRUCTIVE", "IDEMPOTENT");
        foreach (var tool in tools)
        {
            var hints = tool.ProtocolTool.Annotations;
            table.AddRow(tool.Name, $"{hints?.ReadOnlyHint}", $"{hints?.DestructiveHint}", $"{hints?.IdempotentHint}");
        }

        Terminal.Out.Write(table);

        Step(3, "The agent reads: list_deployments in namespace demo");
        var list = await CallAsync(client, "list_deployments", new() { ["namespace"] = "demo" }, cancellationToken);
        foreach (var d in list.GetProperty("deployments").EnumerateArray())
        {
            Say($"{d.GetProperty("name")}: {d.GetProperty("readyReplicas")}/{d.GetProperty("replicas")} ready");
        }

        Step(4, "The agent asks to scale demo/web to 5: the gate proves it and holds it for approval");
        var proposal = await CallAsync(client, "scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = "web",
            ["replicas"] = 5,
            ["reason"] = "demo: absorb the launch traffic",
        }, cancellationToken);
        var changeId = proposal.GetProperty("changeId").GetString()!;
        Say($"status {proposal.GetProperty("status")}: {proposal.GetProperty("summary")}");
        Say($"proof {proposal.GetProperty("proofDigest")}");
        Say($"the operator's command: {proposal.GetProperty("approveCommand")}");
        if (ChangeStates.FromWire(proposal.GetProperty("status").GetString()) != ChangeState.PendingApproval)
        {
            Say($"the change was not held for approval; stopping.");
            return ExitCodes.CheckFailed;
        }

        Step(5, $"Out of band, {Approver} approves through the gate's approval API: signed here with their key, only the signature is sent");
        using (var api = await ApprovalsApiClient.ResolveAsync(null, data, cancellationToken)
            ?? throw new CliInputException($"the server published no approval API address in {data.Path}"))
        {
            var review = await api.ShowAsync(changeId, cancellationToken);
            Say($"{api.BaseUrl.AbsoluteUri}api/v1/changes/{changeId}: {review["quorum"]?["text"]}");
            var envelope = ApprovalSigner.Sign(new ApprovalRequest
            {
                ChangeId = changeId,
                ProofDigest = review["proofDigest"]!.GetValue<string>(),
                Decision = ApprovalDecision.Approve,
                Approver = Approver,
                Comment = "demo approval",
                SignedAt = TimeProvider.System.GetUtcNow(),
            }, key).ToJson();
            var outcome = await api.DecideAsync(changeId, envelope, cancellationToken);
            Say($"approval recorded by the gate: {outcome["quorum"]?["text"]}; the gate counts it and executes within a second");
        }

        Step(6, "The agent waits with get_change: the engine re-checks, executes once and verifies the rollout");
        var progress = new Progress<ProgressNotificationValue>(p => Say($"... {p.Message}"));
        var final = await CallAsync(client, "get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 120 }, cancellationToken, progress);
        var state = final.GetProperty("status").GetString();
        Say($"final state {state}; {(final.TryGetProperty("outcome", out var o) ? Attributed.Recorded(o.GetString()) : string.Empty)}");

        Step(7, "The agent reads the result: get_deployment demo/web");
        var web = await CallAsync(client, "get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" }, cancellationToken);
        Say($"web: {web.GetProperty("readyReplicas")}/{web.GetProperty("replicas")} ready");

        Step(8, "Anyone can audit: the ledger's hash chain");
        using (var ledger = ChangeLedger.Open(data.LedgerPath, TimeProvider.System))
        {
            var verification = await ledger.VerifyAsync(cancellationToken);
            if (verification.Succeeded)
            {
                Say($"ledger OK: {verification.EntriesChecked} entries");
            }
            else
            {
                Say($"ledger BROKEN: {verification.Failure}");
            }

            if (!verification.Succeeded)
            {
                return ExitCodes.CheckFailed;
            }
        }

        Terminal.Out.Line();
        Say($"Everything is in {root}. Look closer with:");
        Say($"  mcpgate approvals show {changeId} --data-dir {data.Path}");
        Say($"  mcpgate proof verify {changeId} --require-signature --data-dir {data.Path}");
        Say($"  mcpgate ledger verify --data-dir {data.Path}");
        return ChangeStates.FromWire(state) == ChangeState.Verified ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    private static async Task<JsonElement> CallAsync(
        McpClient client,
        string tool,
        Dictionary<string, object?> arguments,
        CancellationToken cancellationToken,
        IProgress<ProgressNotificationValue>? progress = null)
    {
        var result = await client.CallToolAsync(tool, arguments, progress, cancellationToken: cancellationToken);
        if (result.IsError == true)
        {
            var text = string.Join(" ", result.Content.OfType<TextContentBlock>().Select(t => t.Text));
            throw new CliInputException($"{tool} failed: {text}");
        }

        return result.StructuredContent ?? throw new CliInputException($"{tool} returned no structured content");
    }

    private static void Step(int number, string title)
    {
        Terminal.Out.Line();
        Terminal.Out.Markup($"[bold]{number}. {title}[/]");
    }

    private static void Say(TerminalText text) => Terminal.Out.Line($"   {text.ToString()}");
}
