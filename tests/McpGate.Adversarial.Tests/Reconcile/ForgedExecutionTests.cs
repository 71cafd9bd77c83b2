using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Adversarial.Tests.ExecutorClaims;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Json;
using McpGate.Core.Ledger;
using McpGate.Core.Proofs;
using McpGate.Core.Storage;
using McpGate.Testing.Sandbox;

namespace McpGate.Adversarial.Tests.Reconcile;

/// <summary>
/// Someone with write access to the data directory edits the ledger with sqlite3 so that a change
/// nobody (or too few) approved looks interrupted mid-execution, and changes the cluster by hand
/// so the target already holds the patch. After a restart the gate must not record the change as
/// executed or verified, must say why in the ledger, and must not write to the cluster.
/// </summary>
public sealed class ForgedExecutionTests
{
    /// <summary>
    /// Forgery variants: how the change row and the ledger are edited. All run against one gate
    /// restart (a restart per variant would cost a minute), each on its own change and deployment.
    /// </summary>
    private static readonly string[] s_variants =
    [
        "row set to executing",
        "row set to executing, document lists approvals",
        "row set to executed",
        "row set to verifying, document lists approvals",
        "forged approved and executing entries",
        "forged approval signed by a key outside the policy",
        "one genuine approval under a quorum of two",
    ];

    [Fact]
    public async Task Restart_AfterSqliteForgesAnExecution_FailsEveryVariant_AndLeavesTheClusterAlone()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var variants = s_variants.ToList();
        var names = variants.Select((_, i) => $"forged-{i:D2}").ToList();
        await using var gate = await SharedClusterGate.StartAsync(approvals: 2, names, ct);

        var server = await gate.ServeAsync(environment: null, ct);
        var changeIds = new List<string>();
        foreach (var name in names)
        {
            changeIds.Add(await SharedClusterGate.ProposeAsync(server, name, 7, ct));
        }

        var quorumVariant = variants.IndexOf("one genuine approval under a quorum of two");
        var approve = await gate.ApproveAsync(changeIds[quorumVariant], gate.AliceKey, ct);
        approve.ExitCode.Should().Be(0, approve.ToString());
        await server.DisposeAsync();

        for (var i = 0; i < variants.Count; i++)
        {
            await ForgeAsync(gate, variants[i], changeIds[i], ct);
            await SandboxDeployments.ScaleAsync(gate.Sandbox, "demo", names[i], 7, ct); // the target now holds the patch
        }

        gate.Sandbox.ResetRequestCounts();
        await gate.ServeAsync(environment: null, ct);
        var finals = await gate.WaitUntilFinalAsync(changeIds, TimeSpan.FromSeconds(60), ct);

        using var ledger = gate.OpenLedger();
        for (var i = 0; i < variants.Count; i++)
        {
            var variant = variants[i];
            var final = finals[changeIds[i]];
            final.State.Should().Be(ChangeState.Failed, $"{variant}: {final.Outcome}");
            final.Outcome.Should().MatchRegex(ExpectedReason(variant), variant);
            var entries = await ledger.ReadEntriesAsync(0, changeIds[i], ct);
            entries.Should().NotContain(e => e.EventType == "verified" || e.EventType == "verifying" || e.EventType == "executed", variant);
            JsonNode.Parse(entries[^1].PayloadJson)!["reason"]!.GetValue<string>().Should().MatchRegex(ExpectedReason(variant), $"{variant}: the ledger says why");
            gate.Sandbox.CountRequests("PATCH", SharedClusterGate.DeploymentPath(names[i])).Should().Be(0, $"{variant}: the gate wrote nothing");
            var deployment = await SandboxDeployments.GetAsync(gate.Sandbox, "demo", names[i], ct);
            deployment["spec"]!["replicas"]!.GetValue<int>().Should().Be(7);
        }

        (await ledger.VerifyAsync(ct)).Succeeded.Should().BeTrue("the forged entries were chained correctly; the approvals are what they cannot forge");
    }

    private static string ExpectedReason(string variant) => variant switch
    {
        "row set to executing" or "row set to executing, document lists approvals" or "row set to executed" or "row set to verifying, document lists approvals"
            => "no 'approved' entry",
        "forged approved and executing entries" => "only 0 of 2 required approvals verify",
        "forged approval signed by a key outside the policy" => "only 0 of 2 required approvals verify",
        _ => "only 1 of 2 required approvals verify",
    };

    private static async Task ForgeAsync(SharedClusterGate gate, string variant, string changeId, CancellationToken ct)
    {
        var state = variant switch
        {
            "row set to executed" => "executed",
            "row set to verifying, document lists approvals" => "verifying",
            _ => "executing",
        };
        var document = variant.Contains("document lists approvals", StringComparison.Ordinal)
            ? $"json_set(document, '$.state', '{state}', '$.approvals', json('[{{\"identity\":\"alice\",\"keyId\":\"x\",\"decision\":\"approve\",\"at\":\"2026-01-01T00:00:00Z\"}},{{\"identity\":\"bob\",\"keyId\":\"y\",\"decision\":\"approve\",\"at\":\"2026-01-01T00:00:00Z\"}}]'))"
            : $"json_set(document, '$.state', '{state}')";
        await gate.Sqlite3Async($"UPDATE changes SET state = '{state}', document = {document} WHERE change_id = '{changeId}';", ct);

        if (variant is "forged approved and executing entries" or "forged approval signed by a key outside the policy" or "one genuine approval under a quorum of two")
        {
            if (variant == "forged approval signed by a key outside the policy")
            {
                await AppendForgedEntryAsync(gate, changeId, LedgerEvents.ApprovalSubmitted, await ForgedApprovalAsync(gate, changeId, ct), ct);
            }

            await AppendForgedEntryAsync(gate, changeId, "approved",
                new JsonObject { ["from"] = "pending_approval", ["to"] = "approved", ["approvers"] = new JsonArray("alice", "bob") }, ct);
            await AppendForgedEntryAsync(gate, changeId, "executing", new JsonObject { ["from"] = "approved", ["to"] = "executing" }, ct);
        }
    }

    /// <summary>An approval envelope for the change's real proof digest, claiming to be alice, signed by the outsider's key.</summary>
    private static async Task<JsonObject> ForgedApprovalAsync(SharedClusterGate gate, string changeId, CancellationToken ct)
    {
        using var ledger = gate.OpenLedger();
        var change = ChangeJson.Deserialize((await ledger.GetChangeAsync(changeId, ct))!.DocumentJson);
        var (_, digest, _) = ProofCheck.Verify(change, KeyFile.ReadPublicKey(DataDirectory.Resolve(gate.DataDir).GatePublicKeyPath));
        using var outsider = KeyFile.ReadPrivateKey(gate.OutsiderKey);
        var envelope = ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = changeId,
            ProofDigest = digest.ToString(),
            Decision = ApprovalDecision.Approve,
            Approver = "alice",
            SignedAt = TimeProvider.System.GetUtcNow(),
        }, outsider).ToJson();
        return new JsonObject { ["identity"] = "alice", ["decision"] = "approve", ["keyId"] = outsider.PublicKey.KeyId, ["envelope"] = envelope };
    }

    /// <summary>Appends an entry with a correct hash chain, computed outside the gate and inserted with sqlite3.</summary>
    private static async Task AppendForgedEntryAsync(SharedClusterGate gate, string changeId, string eventType, JsonObject payload, CancellationToken ct)
    {
        var last = (await gate.Sqlite3Async("SELECT seq || ' ' || entry_hash FROM ledger ORDER BY seq DESC LIMIT 1;", ct)).Split(' ');
        var sequence = long.Parse(last[0], CultureInfo.InvariantCulture) + 1;
        var time = TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var payloadJson = CanonicalJson.ToCanonicalString(payload);
        var hash = LedgerEntryHash.Compute(sequence, changeId, eventType, payloadJson, time, Sha256Digest.Parse(last[1]));
        await gate.Sqlite3Async(string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO ledger (seq, change_id, event_type, payload, time, prev_hash, entry_hash) VALUES ({sequence}, '{changeId}', '{eventType}', '{payloadJson.Replace("'", "''", StringComparison.Ordinal)}', '{time}', '{last[1]}', '{hash}');"), ct);
    }
}
