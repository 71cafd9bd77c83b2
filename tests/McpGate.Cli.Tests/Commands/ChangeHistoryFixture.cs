using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Testing.Engine;
using McpGate.Testing.Processes;

namespace McpGate.Cli.Tests.Commands;

/// <summary>
/// A real ledger with five changes made by a real engine on the sandbox, oldest first: verified
/// (approved by alice), rejected (by bob), pending (asked by other-agent), denied (a ConfigMap in
/// namespace default), cancelled (by carol).
/// </summary>
public sealed class ChangeHistoryFixture : IAsyncLifetime
{
    private GateHarness? _harness;

    public GateHarness Harness => _harness ?? throw new InvalidOperationException("not started");

    /// <summary>Change ids by name: verified, rejected, pending, denied, cancelled.</summary>
    public Dictionary<string, string> Ids { get; } = new(StringComparer.Ordinal);

    public string DataDir => Path.GetDirectoryName(Harness.Ledger.DatabasePath)!;

    /// <summary>The policy folder the harness's engine runs with.</summary>
    public string PoliciesDir => Path.Combine(Path.GetDirectoryName(DataDir)!, "policies");

    public async Task InitializeAsync()
    {
        _harness = await GateHarness.StartAsync();
        var h = _harness;
        var verified = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(verified.Id, "alice");
        (await h.ProcessUntilFinalAsync(verified.Id)).State.Should().Be(ChangeState.Verified);
        Ids["verified"] = verified.Id;

        var rejected = await h.ProposeScaleAsync(5, name: "api");
        await h.SubmitAsync(rejected.Id, "bob", ApprovalDecision.Reject);
        (await h.ProcessUntilFinalAsync(rejected.Id)).State.Should().Be(ChangeState.Rejected);
        Ids["rejected"] = rejected.Id;

        Ids["pending"] = (await h.ProposeScaleAsync(3, requester: "other-agent")).Id;

        var denied = await h.ProposeApplyAsync("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n", ns: "default");
        denied.State.Should().Be(ChangeState.Denied);
        Ids["denied"] = denied.Id;

        var cancelled = await h.ProposeScaleAsync(6);
        await new ChangeCanceller(h.Ledger, h.Policy, h.Engine.GatePublicKey, h.Clock).CancelAsync(cancelled.Id, h.Key("carol"), "not now");
        Ids["cancelled"] = cancelled.Id;
    }

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    /// <summary>The real mcpgate, run from the file system's root (not the repository).</summary>
    public static Task<ProcessResult> CliFromRootAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(McpGateCli.DotNet, [McpGateCli.AssemblyPath, .. arguments], TimeSpan.FromSeconds(90), null, workingDirectory: "/");
}
