using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Engine;
using McpGate.Testing.Engine;

namespace McpGate.Adversarial.Tests.Apply;

/// <summary>
/// Several approved applies that each create the same object, executed by two engines at once: the
/// "must not exist" precondition lets exactly one create it; every other fails without touching it.
/// </summary>
public sealed class ApplyCreateRaceTests
{
    private const int Rivals = 6;

    private const string Policy = """
        rules:
          - name: apply-demo
            tools: [apply_manifest]
            namespaces: [demo]
            effect: allow
            approval: { count: 1, groups: [sre] }
        """;

    private static ResourceRef Contested => new() { Group = string.Empty, Version = "v1", Resource = "configmaps", Namespace = "demo", Name = "contested" };

    [Fact]
    public async Task Execute_RivalCreatesOfOneObjectOnTwoEngines_ExactlyOneCreatesIt_TheOthersFailWithoutWriting()
    {
        await using var h = await GateHarness.StartAsync(Policy);
        var changes = new List<ChangeDocument>();
        for (var i = 0; i < Rivals; i++)
        {
            var change = await h.ProposeApplyAsync($"apiVersion: v1\nkind: ConfigMap\nmetadata: {{ name: contested }}\ndata: {{ writer: rival-{i} }}\n");
            change.State.Should().Be(ChangeState.PendingApproval, change.Outcome);
            changes.Add(change);
        }

        await Task.WhenAll(changes.Select(c => h.SubmitAsync(c.Id, "alice")));
        await using var second = h.CreateEngine(h.Policy);
        var finals = await UntilFinalAsync(h, [h.Engine, second], changes.Select(c => c.Id).ToList());

        var verified = finals.Where(f => f.State == ChangeState.Verified).ToList();
        verified.Should().ContainSingle(string.Join("; ", finals.Select(f => $"{f.State}: {f.Outcome}")));
        finals.Where(f => f.State != ChangeState.Verified).Should().OnlyContain(f => f.State == ChangeState.Failed, "a rival that lost the race fails");
        var winner = changes.Single(c => c.Id == verified[0].Id).Request!.Steps[0].Body!["data"]!["writer"]!.GetValue<string>();
        var stored = await h.Cluster.GetAsync(Contested);
        stored!["data"]!["writer"]!.GetValue<string>().Should().Be(winner, "the object holds exactly what the one verified change created");
        stored["metadata"]!["managedFields"]!.AsArray().Should().HaveCount(1, "no loser's write reached the object");
        foreach (var loser in finals.Where(f => f.State == ChangeState.Failed))
        {
            (await h.EventTypesAsync(loser.Id)).Should().NotContain("executed", loser.Outcome);
        }
    }

    private static async Task<List<ChangeDocument>> UntilFinalAsync(GateHarness h, IReadOnlyList<ChangeEngine> engines, List<string> ids)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            await Task.WhenAll(engines.Select(e => Task.Run(() => e.ProcessAsync(timeout.Token))));
            var all = new List<ChangeDocument>();
            foreach (var id in ids)
            {
                all.Add(ChangeJson.Deserialize((await h.Ledger.GetChangeAsync(id, timeout.Token))!.DocumentJson));
            }

            if (all.All(c => c.State.IsFinal()))
            {
                await Task.WhenAll(engines.Select(e => e.WhenIdleAsync())).WaitAsync(timeout.Token);
                return all;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token); // the poll interval of this loop
        }
    }
}
