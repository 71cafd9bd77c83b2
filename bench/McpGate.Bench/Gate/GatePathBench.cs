using System.Text.Json;
using McpGate.Bench.Harness;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Core.Manifests;
using McpGate.Kubernetes.Probes;
using McpGate.Testing.Engine;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGate.Bench.Gate;

/// <summary>
/// Pair 4: what the gate adds on the MCP write path. Against the in-process sandbox over HTTPS
/// through our Kubernetes client, a plain read of demo/web (what a read tool costs) against a
/// full proposal of scale_deployment: snapshot, server-side dry run, drift read, policy, signed
/// proof and three ledger commits (<c>synchronous = FULL</c>). The same proposal with the ledger
/// on tmpfs, where fsync is free, separates the storage cost from the rest.
/// </summary>
internal static class GatePathBench
{
    public static async Task<IReadOnlyList<PairResult>> RunAsync(IReadOnlyList<StorageLocation> storage)
    {
        // GateHarness: the engine tests' real parts (sandbox with a 100 ms pod-ready delay, ledger in the temp folder).
        await using var gate = await GateHarness.StartAsync();
        var web = GateHarness.Web;
        var results = new List<PairResult>
        {
            await RunPairAsync("gate: read vs propose scale_deployment", gate, () => gate.ProposeScaleAsync(replicas: 4), "ledger on disk (the harness's temp folder)"),
        };

        if (storage.FirstOrDefault(s => s.Label == "tmpfs") is { } tmpfs)
        {
            var folder = tmpfs.CreateFolder("mcpgate-bench-gate-");
            try
            {
                using var ledger = ChangeLedger.Open(Path.Combine(folder, "ledger.db"), TimeProvider.System);
                using var gateKey = Ed25519PrivateKey.Generate();
                await using var engine = new ChangeEngine(
                    gate.Cluster, KubernetesStateProbes.Create(gate.Cluster), ledger, gate.Policy, gateKey, gate.Clock,
                    new ChangeEngineOptions(), NullLogger<ChangeEngine>.Instance);
                var tool = gate.Manifests.Find("scale_deployment") ?? throw new InvalidOperationException("no scale_deployment manifest");
                var arguments = ArgumentBinder.Bind(tool, new Dictionary<string, JsonElement>
                {
                    ["namespace"] = JsonSerializer.SerializeToElement("demo"),
                    ["name"] = JsonSerializer.SerializeToElement("web"),
                    ["replicas"] = JsonSerializer.SerializeToElement(4),
                    ["reason"] = JsonSerializer.SerializeToElement("engine test"),
                });
                results.Add(await RunPairAsync("gate: same, ledger on tmpfs", gate, () => engine.ProposeAsync(tool, arguments, "agent"), "the proposal without fsync"));
            }
            finally
            {
                StorageLocation.DeleteFolder(folder);
            }
        }

        return results;

        async Task<PairResult> RunPairAsync(string name, GateHarness harness, Func<Task<ChangeDocument>> propose, string where)
        {
            var proposals = 0;
            var result = await PairRunner.RunAsync(new PairDefinition
            {
                Name = name,
                BaselineLabel = "KubernetesClusterPort.GetAsync demo/web",
                SubjectLabel = "ChangeEngine.ProposeAsync scale_deployment",
                Baseline = async () => _ = await harness.Cluster.GetAsync(web) ?? throw new InvalidOperationException("demo/web is gone"),
                Subject = async () =>
                {
                    var change = await propose();
                    if (change.State != ChangeState.PendingApproval)
                    {
                        throw new InvalidOperationException($"proposal {change.Id} ended {change.State}: {change.Outcome}");
                    }

                    proposals++;
                },
                Rounds = 400,
                WarmupRounds = 20,
            });

            return result with { Note = $"{where}; {proposals} proposals, each 3 HTTPS requests + 3 ledger commits; sandbox in the same process" };
        }
    }
}
