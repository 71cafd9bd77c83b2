using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Text;
using McpGate.Testing.Engine;
using McpGate.Testing.Processes;
using McpGate.Testing.Sandbox;

namespace McpGate.Adversarial.Tests.Checks;

/// <summary>
/// Proof checks quote text the cluster controls (annotation values, label values): it must never
/// reach an approver's terminal as control sequences, and a stored check cannot be edited to hide
/// a warning or a failure from the approver.
/// </summary>
public sealed class HostileCheckEvidenceTests
{
    public static TheoryData<string, string> HostileValues => new()
    {
        { "CSI colour and clear", "\u001b[32mAPPROVED\u001b[0m\u001b[2J" },
        { "OSC title", "\u001b]0;pwned\u0007" },
        { "bidi override", "shop\u202e:tnemyolpeD" },
        { "line break", "shop\nStatus: pass" },
        { "C1 CSI", "shop\u009b31m" },
        { "zero-width", "sh\u200bop" },
    };

    [Theory]
    [MemberData(nameof(HostileValues))]
    public async Task Propose_HostileAnnotationValue_IsRecordedEscaped_AndStillWarns(string because, string value)
    {
        await using var h = await GateHarness.StartAsync();
        await AnnotateWebAsync(h, value);

        var change = await h.ProposeScaleAsync(3);

        var gitops = change.Checks.Single(c => c.Name == "gitops_managed");
        gitops.Status.Should().Be(CheckStatus.Warn, because);
        UntrustedText.FindUnsafe(gitops.Detail).Should().BeNull(because);
        gitops.Detail.Should().Contain(UntrustedText.Quote(value), because);
        change.State.Should().Be(ChangeState.PendingApproval);
    }

    [Fact]
    public async Task ApprovalsShow_HostileAnnotation_PrintsNoControlSequence()
    {
        await using var h = await GateHarness.StartAsync();
        await AnnotateWebAsync(h, "\u001b[32mAPPROVED\u001b[0m\u009b2J\u202e" + new string('x', 300));
        var change = await h.ProposeScaleAsync(3);

        var show = await McpGateCli.RunAsync(["approvals", "show", change.Id, "--data-dir", Path.GetDirectoryName(h.Ledger.DatabasePath)!]);

        show.ExitCode.Should().Be(0, show.ToString());
        show.StandardOutput.Should().NotContain("\u001b").And.NotContain("\u009b").And.NotContain("\u202e");
        show.StandardOutput.Should().Contain("\\u001b[32mAPPROVED").And.Contain("gitops_managed");
        show.StandardOutput.Should().NotContain(new string('x', 100), "cluster text is cut in details");
    }

    public static TheoryData<string, Func<ChangeDocument, ChangeDocument>> Edits => new()
    {
        { "warn turned into pass", c => c with { Checks = [.. c.Checks.Select(k => k.Name == "gitops_managed" ? k with { Status = CheckStatus.Pass } : k)] } },
        { "warn turned into fail", c => c with { Checks = [.. c.Checks.Select(k => k.Name == "gitops_managed" ? k with { Status = CheckStatus.Fail } : k)] } },
        { "warning detail softened", c => c with { Checks = [.. c.Checks.Select(k => k.Name == "gitops_managed" ? k with { Detail = "not managed" } : k)] } },
        { "warning dropped", c => c with { Checks = [.. c.Checks.Where(k => k.Name != "gitops_managed")] } },
        { "checks reordered", c => c with { Checks = [.. c.Checks.AsEnumerable().Reverse()] } },
        { "evidence swapped", c => c with { Checks = [.. c.Checks.Select(k => k.Name == "gitops_managed" ? k with { EvidenceDigest = c.Checks[0].EvidenceDigest } : k)] } },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public async Task Approve_StoredChecksEditedAfterProof_IsRefused_AndNothingRuns(string because, Func<ChangeDocument, ChangeDocument> edit)
    {
        await using var h = await GateHarness.StartAsync();
        await AnnotateWebAsync(h, "shop:apps/Deployment:demo/web");
        var change = await h.ProposeScaleAsync(3);
        var before = await h.ObserveWebAsync();
        await h.TamperDocumentAsync(change.Id, edit);

        var act = () => h.SubmitAsync(change.Id, "alice");

        await act.Should().ThrowAsync<ApprovalRefusedException>(because).WithMessage("*does not match its signed proof (checks)*");
        await h.Engine.ProcessAsync();
        (await h.ObserveWebAsync()).Should().Be(before, because);
        (await h.EventTypesAsync(change.Id)).Should().NotContain(ChangeState.Executing.ToWire(), because);
    }

    private static async Task AnnotateWebAsync(GateHarness h, string trackingId)
    {
        await h.Cluster.PatchAsync(GateHarness.Web, new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["argocd.argoproj.io/tracking-id"] = trackingId } } }, null, dryRun: false);
        await h.Sandbox.WaitForSettledAsync(SandboxFixture.QuietTimeout);
    }
}
