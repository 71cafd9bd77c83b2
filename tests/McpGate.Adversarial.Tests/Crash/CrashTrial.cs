using System.Text.Json.Nodes;
using System.Diagnostics;
using McpGate.Adversarial.Tests.ExecutorClaims;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Core.Policy;
using McpGate.Core.Storage;
using McpGate.Server.Hosting;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;
using McpGate.Testing.Sandbox;
using ModelContextProtocol.Client;

namespace McpGate.Adversarial.Tests.Crash;

/// <summary>
/// The mechanics of one crash trial on a <see cref="SharedClusterGate"/>: propose (and approve) a
/// scale of one deployment through the live server, wait in the ledger file until the change
/// reached the step, SIGKILL the server, check what the ledger and the cluster hold at the kill,
/// start the server again and check that the change ended exactly once.
/// </summary>
internal sealed class CrashTrial(SharedClusterGate gate, CrashStep step, Action<string> log)
{
    private const int Replicas = 3;
    private static readonly TimeSpan s_stepTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(20);
    private static readonly string[] s_stateEvents = [.. ChangeStates.WireNames];

    private readonly Dictionary<string, string?> _environment = new(StringComparer.Ordinal)
    {
        [TestCrashPoint.Variable] = step.Point,
    };

    private PolicySet? _policy;

    public int Completed { get; private set; }

    public Task<McpClient> StartServerAsync(CancellationToken cancellationToken) => gate.ServeAsync(_environment, cancellationToken);

    /// <summary>One trial on <paramref name="server"/>; returns the restarted server, which the next trial kills.</summary>
    public async Task<McpClient> RunAsync(McpClient server, string name, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var before = await GenerationAsync(name, cancellationToken);
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Until the proof is complete and pending, the crash point stops the proposal itself: its call never returns.
        var proposing = SharedClusterGate.ProposeAsync(server, name, Replicas, call.Token);
        var changeId = await WaitForProposalAsync(name, cancellationToken);

        // Its dry run (a PATCH too) is done once the proposal is in the ledger: later PATCHes are writes.
        var patches = Patches(name);
        if (step.ApprovedBeforeKill)
        {
            (await proposing).Should().Be(changeId);
            await ApproveAsync(changeId, cancellationToken);
        }

        await WaitForStepAsync(changeId, name, before, cancellationToken);
        var reached = clock.Elapsed;
        await ServerProcesses.KillAsync(gate.DataDir, cancellationToken);
        await call.CancelAsync();
        await ObserveAsync(proposing);

        // What the kill left: exactly the step, and the cluster written or not as the step says.
        (await LastStateAsync(changeId, cancellationToken)).Should().Be(step.StateAtKill, "the server was killed at {0} ({1})", step.Point, name);
        (await GenerationAsync(name, cancellationToken)).Should().Be(before + (step.WrittenAtKill ? 1 : 0), "the write had{0} reached the cluster at the kill", step.WrittenAtKill ? string.Empty : " not");
        (Patches(name) - patches).Should().Be(step.WrittenAtKill ? 1 : 0);

        var restarted = await StartServerAsync(cancellationToken);
        var started = clock.Elapsed;
        if (step.Orphaned)
        {
            await AssertNeverApprovableAsync(name, before, changeId, patches, cancellationToken);
        }
        else
        {
            if (!step.ApprovedBeforeKill)
            {
                await ApproveAsync(changeId, cancellationToken);
            }

            var final = (await gate.WaitUntilFinalAsync([changeId], s_stepTimeout, cancellationToken))[changeId];
            final.State.Should().Be(ChangeState.Verified, $"{name} after a kill at {step.Point}: {final.Outcome}");
            (Patches(name) - patches).Should().Be(1, "one write request reached {0} (a second one would be refused by its precondition, but must not be sent)", name);
            await AssertEndedOnceAsync(name, before, changeId, cancellationToken);
        }

        var ended = clock.Elapsed;
        await AssertLedgerVerifiesAsync(cancellationToken);
        Completed++;
        log($"{name}: {step.Point} reached after {reached.TotalSeconds:F1} s, restarted at {started.TotalSeconds:F1} s, ended at {ended.TotalSeconds:F1} s, verified at {clock.Elapsed.TotalSeconds:F1} s");
        return restarted;
    }

    private async Task AssertEndedOnceAsync(string name, long generationBefore, string changeId, CancellationToken cancellationToken)
    {
        var deployment = await SandboxDeployments.GetAsync(gate.Sandbox, "demo", name, cancellationToken);
        deployment["spec"]!["replicas"]!.GetValue<int>().Should().Be(Replicas);
        deployment["metadata"]!["generation"]!.GetValue<long>().Should().Be(generationBefore + 1, "{0} is written exactly once", name);

        using var ledger = gate.OpenLedger();
        var events = (await ledger.ReadEntriesAsync(0, changeId, cancellationToken)).Select(e => e.EventType).ToList();
        events.Count(e => e == "executing").Should().Be(1, changeId);
        events.Count(e => e == "executed").Should().Be(1, changeId);
        events.Count(e => e == LedgerEvents.ClaimTakenOver).Should().Be(step.Claimed ? 1 : 0, "the restarted server takes over only a claim the killed one held");
    }

    /// <summary>
    /// Killed before its proof was complete, the change can never be approved: the approver's CLI
    /// refuses it, and the restarted server neither writes it nor moves it towards execution.
    /// </summary>
    private async Task AssertNeverApprovableAsync(string name, long generationBefore, string changeId, long patches, CancellationToken cancellationToken)
    {
        var approve = await gate.ApproveAsync(changeId, gate.AliceKey, cancellationToken);
        approve.ExitCode.Should().NotBe(0, approve.ToString());

        using var ledger = gate.OpenLedger();
        var entries = await ledger.ReadEntriesAsync(0, changeId, cancellationToken);
        entries.Select(e => e.EventType).Should().NotContain(["approval_submitted", "approved", "executing", "executed"]);
        (await LastStateAsync(ledger, changeId, cancellationToken)).Should().Be(step.StateAtKill);
        (await GenerationAsync(name, cancellationToken)).Should().Be(generationBefore, "nothing was applied to {0}", name);
        Patches(name).Should().Be(patches, "no write request reached {0}", name);
    }

    private async Task AssertLedgerVerifiesAsync(CancellationToken cancellationToken)
    {
        var verify = await McpGateCli.RunAsync(["ledger", "verify", "--data-dir", gate.DataDir, "--policies", gate.PoliciesDir], cancellationToken: cancellationToken);
        verify.ExitCode.Should().Be(0, verify.ToString());
        await RunIndependentVerifierAsync(gate.DataDir, cancellationToken);
    }

    /// <summary>
    /// The independent verifier (tools/verify-audit.mjs, Node.js, no code shared with the gate) on an
    /// audit export of this data directory: chain, tree, checkpoints and every signature.
    /// </summary>
    private static async Task RunIndependentVerifierAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var export = Path.Combine(dataDirectory, "..", $"audit-{Guid.NewGuid():N}.jsonl");
        var exported = await McpGateCli.RunAsync(["audit", "export", "--data-dir", dataDirectory, "--out", export], cancellationToken: cancellationToken);
        exported.ExitCode.Should().Be(0, exported.ToString());
        var verified = await ProcessRunner.RunAsync("node", [Path.Combine(RepoPaths.Root, "tools", "verify-audit.mjs"), export], TimeSpan.FromMinutes(1), cancellationToken: cancellationToken);
        verified.ExitCode.Should().Be(0, verified.ToString());
        verified.StandardOutput.Should().StartWith("audit OK: ");
        File.Delete(export);
    }

    /// <summary>
    /// Alice approves as the CLI does (her key file, the gate's public key and the policy from disk, the
    /// ledger file), in this process: one process fewer per trial keeps the hundred trials to minutes.
    /// </summary>
    private async Task ApproveAsync(string changeId, CancellationToken cancellationToken)
    {
        _policy ??= PolicySet.LoadDirectory(gate.PoliciesDir);
        var gateKey = GateKeyStore.TryLoadPublicKey(DataDirectory.Resolve(gate.DataDir)) ?? throw new InvalidOperationException("the server wrote no gate key");
        using var alice = KeyFile.ReadPrivateKey(gate.AliceKey);
        using var ledger = gate.OpenLedger();
        var outcome = await new ApprovalSubmitter(ledger, _policy, gateKey, TimeProvider.System)
            .SubmitAsync(changeId, ApprovalDecision.Approve, alice, "crash trial", cancellationToken);
        outcome.Change.Id.Should().Be(changeId);
    }

    /// <summary>The id of the change proposing demo/<paramref name="name"/>, from its <c>proposed</c> entry in the ledger file.</summary>
    private async Task<string> WaitForProposalAsync(string name, CancellationToken cancellationToken)
    {
        return await PollAsync(async ledger =>
        {
            var proposed = (await ledger.ReadEntriesAsync(0, null, cancellationToken))
                .LastOrDefault(e => e.EventType == "proposed" && (string?)JsonNode.Parse(e.PayloadJson)?["arguments"]?["name"] == name);
            return proposed?.ChangeId;
        }, $"the proposal of {name}", cancellationToken);
    }

    /// <summary>Waits until the ledger shows the step (and, for a kill after the write, the cluster shows the write).</summary>
    private async Task WaitForStepAsync(string changeId, string name, long generationBefore, CancellationToken cancellationToken) =>
        await PollAsync(async ledger =>
        {
            if (await LastStateAsync(ledger, changeId, cancellationToken) != step.StateAtKill)
            {
                return null;
            }

            return !step.WrittenAtKill || await GenerationAsync(name, cancellationToken) > generationBefore ? "reached" : null;
        }, $"{step.Point} of {changeId}", cancellationToken);

    private async Task<string?> LastStateAsync(string changeId, CancellationToken cancellationToken)
    {
        using var ledger = gate.OpenLedger();
        return await LastStateAsync(ledger, changeId, cancellationToken);
    }

    /// <summary>The last state-changing event of the change (approval and claim entries in between aside).</summary>
    private static async Task<string?> LastStateAsync(ChangeLedger ledger, string changeId, CancellationToken cancellationToken) =>
        (await ledger.ReadEntriesAsync(0, changeId, cancellationToken)).LastOrDefault(e => s_stateEvents.Contains(e.EventType))?.EventType;

    private async Task<T> PollAsync<T>(Func<ChangeLedger, Task<T?>> probe, string what, CancellationToken cancellationToken)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_stepTimeout);
        try
        {
            // The gate answers initialize before its runtime has opened (or created) the ledger.
            while (!File.Exists(gate.LedgerPath))
            {
                await Task.Delay(s_poll, deadline.Token); // the poll interval of this wait
            }

            using var ledger = gate.OpenLedger();
            while (true)
            {
                if (await probe(ledger) is { } found)
                {
                    return found;
                }

                await Task.Delay(s_poll, deadline.Token); // the poll interval of this wait
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{what} did not appear in the ledger within {s_stepTimeout}");
        }
    }

    /// <summary>PATCH requests to demo/<paramref name="name"/> so far: dry runs and writes.</summary>
    private long Patches(string name) => gate.Sandbox.CountRequests("PATCH", SharedClusterGate.DeploymentPath(name));

    private async Task<long> GenerationAsync(string name, CancellationToken cancellationToken) =>
        (await SandboxDeployments.GetAsync(gate.Sandbox, "demo", name, cancellationToken))["metadata"]!["generation"]!.GetValue<long>();

    /// <summary>A proposal call cut by the kill fails or is cancelled; one that returned must have returned this trial's change.</summary>
    private static async Task ObserveAsync(Task<string> proposing)
    {
        try
        {
            await proposing;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The server died under the call (or the call was cancelled): what the ledger holds is checked instead.
        }
    }
}
