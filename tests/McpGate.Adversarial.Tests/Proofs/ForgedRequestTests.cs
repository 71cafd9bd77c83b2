using System.Text.Json.Nodes;
using McpGate.Adversarial.Tests.ExecutorClaims;
using McpGate.Core.Changes;
using McpGate.Core.Operations;
using McpGate.Testing.Sandbox;

namespace McpGate.Adversarial.Tests.Proofs;

/// <summary>
/// Someone with write access to the data directory gives an approved change a write request of
/// their own with sqlite3 (a step that deletes the deployment, a patch to 0 replicas, the patch
/// without its precondition, the whole request replaced by a delete). The stored request is no
/// longer the one the proof signs: the CLI refuses to approve it, the gate fails it naming the
/// request, and the cluster is not written.
/// </summary>
public sealed class ForgedRequestTests
{
    private static readonly string[] s_variants =
    [
        "delete step added",
        "patch body set to 0 replicas",
        "precondition dropped",
        "request replaced by a delete",
    ];

    [Fact]
    public async Task Restart_AfterSqliteForgesTheStoredRequest_FailsEveryVariant_AndLeavesTheClusterAlone()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var names = s_variants.Select((_, i) => $"forged-request-{i:D2}").ToList();
        await using var gate = await SharedClusterGate.StartAsync(approvals: 1, names, ct);

        var server = await gate.ServeAsync(environment: null, ct);
        var changeIds = new List<string>();
        foreach (var name in names)
        {
            changeIds.Add(await SharedClusterGate.ProposeAsync(server, name, 7, ct));
        }

        await server.DisposeAsync();
        var before = new List<int>();
        for (var i = 0; i < s_variants.Length; i++)
        {
            var approve = await gate.ApproveAsync(changeIds[i], gate.AliceKey, ct);
            approve.ExitCode.Should().Be(0, approve.ToString());
            await ForgeAsync(gate, s_variants[i], changeIds[i], ct);
            before.Add((await SandboxDeployments.GetAsync(gate.Sandbox, "demo", names[i], ct))["spec"]!["replicas"]!.GetValue<int>());
        }

        var refused = await gate.ApproveAsync(changeIds[0], gate.BobKey, ct);
        refused.ExitCode.Should().NotBe(0, refused.ToString());
        refused.ToString().Should().Contain("does not match its signed proof (request)");

        gate.Sandbox.ResetRequestCounts();
        await gate.ServeAsync(environment: null, ct);
        var finals = await gate.WaitUntilFinalAsync(changeIds, TimeSpan.FromSeconds(60), ct);

        using var ledger = gate.OpenLedger();
        for (var i = 0; i < s_variants.Length; i++)
        {
            var variant = s_variants[i];
            var final = finals[changeIds[i]];
            final.State.Should().Be(ChangeState.Failed, $"{variant}: {final.Outcome}");
            final.Outcome.Should().Be("not executed: the stored change does not match its signed proof (request); the ledger's change record was edited", variant);
            var entries = await ledger.ReadEntriesAsync(0, changeIds[i], ct);
            entries.Should().NotContain(e => e.EventType == "approved" || e.EventType == "executing" || e.EventType == "executed", variant);
            gate.Sandbox.CountRequests("PATCH", SharedClusterGate.DeploymentPath(names[i])).Should().Be(0, $"{variant}: the gate wrote nothing");
            gate.Sandbox.CountRequests("DELETE", SharedClusterGate.DeploymentPath(names[i])).Should().Be(0, $"{variant}: the gate deleted nothing");
            var deployment = await SandboxDeployments.GetAsync(gate.Sandbox, "demo", names[i], ct);
            deployment["spec"]!["replicas"]!.GetValue<int>().Should().Be(before[i], variant);
        }

        (await ledger.VerifyAsync(ct)).Succeeded.Should().BeTrue();
    }

    /// <summary>Writes a request of the forger's own into the stored document, in the form the gate itself stores requests.</summary>
    private static async Task ForgeAsync(SharedClusterGate gate, string variant, string changeId, CancellationToken ct)
    {
        ChangeDocument change;
        using (var ledger = gate.OpenLedger())
        {
            change = ChangeJson.Deserialize((await ledger.GetChangeAsync(changeId, ct))!.DocumentJson);
        }

        var signed = WriteRequest.Legacy(change.Target, change.Patch, change.ObservedResourceVersion);
        var delete = new WriteStep { Verb = WriteVerb.Delete, Target = change.Target, Precondition = new WritePrecondition() };
        var forged = variant switch
        {
            "delete step added" => signed with { Steps = [.. signed.Steps, delete] },
            "patch body set to 0 replicas" => signed with { Steps = [signed.Steps[0] with { Body = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 0 } } }] },
            "precondition dropped" => signed with { Steps = [signed.Steps[0] with { Precondition = new WritePrecondition() }] },
            _ => signed with { Action = "delete_resource", Steps = [delete] },
        };
        var json = OperationsJson.ToJson(forged).ToJsonString().Replace("'", "''", StringComparison.Ordinal);
        await gate.Sqlite3Async($"UPDATE changes SET document = json_set(document, '$.request', json('{json}')) WHERE change_id = '{changeId}';", ct);
    }
}
