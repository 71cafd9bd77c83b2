using McpGate.Core.Changes;
using McpGate.Testing.Engine;
using McpGate.Testing.Sandbox;

namespace McpGate.Adversarial.Tests.RevisionsAndConfig;

/// <summary>
/// Many rollbacks of the same workload, all proven against the same resourceVersion and all approved:
/// the first to run writes, every other one is refused by its precondition and writes nothing.
/// </summary>
public sealed class RolloutUndoRaceTests
{
    private const string Policy = """
        rules:
          - { name: images, tools: [set_image, rollout_undo], namespaces: [demo], effect: allow, approval: { count: 1, groups: [sre] } }
        """;

    [Fact]
    public async Task Execute_EightApprovedUndosOfOneRevision_OnlyOneWrites()
    {
        await using var h = await GateHarness.StartAsync(Policy);
        var image = await h.ProposeAsync("set_image", new Dictionary<string, object?> { ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web", ["container"] = "web", ["image"] = "nginx:1.28" });
        await h.SubmitAsync(image.Id, "alice");
        (await h.ProcessUntilFinalAsync(image.Id)).State.Should().Be(ChangeState.Verified);
        await h.Sandbox.WaitForSettledAsync(SandboxFixture.QuietTimeout);
        var generation = (await h.Cluster.GetAsync(GateHarness.Web))!["metadata"]!["generation"]!.GetValue<long>();

        var undos = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => h.ProposeAsync("rollout_undo", new Dictionary<string, object?>
        {
            ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web", ["reason"] = $"undo attempt {i}",
        }))));
        undos.Select(u => u.Request!.Steps.Single().Precondition.ResourceVersion).Distinct().Should().ContainSingle("all were proven against the same object");
        foreach (var undo in undos)
        {
            await h.SubmitAsync(undo.Id, "alice");
        }

        var finals = new List<ChangeDocument>();
        foreach (var undo in undos)
        {
            finals.Add(await h.ProcessUntilFinalAsync(undo.Id));
        }

        var states = string.Join("; ", finals.Select(f => $"{f.State}: {f.Outcome}"));
        finals.Count(f => f.State == ChangeState.Verified).Should().Be(1, states);
        finals.Count(f => f.State == ChangeState.Failed && f.Outcome!.StartsWith("not executed", StringComparison.Ordinal)).Should().Be(7, states);
        var web = (await h.Cluster.GetAsync(GateHarness.Web))!;
        web["metadata"]!["generation"]!.GetValue<long>().Should().Be(generation + 1, "exactly one template write");
        web["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>().Should().Be("nginx:1.27");
    }
}
