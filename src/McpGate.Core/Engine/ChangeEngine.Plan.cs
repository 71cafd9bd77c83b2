using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Diff;
using McpGate.Core.Json;
using McpGate.Core.Operations;

namespace McpGate.Core.Engine;

public sealed partial class ChangeEngine
{
    /// <summary>
    /// Every field the change alters, each step's observed object against its dry-run result, as
    /// <see cref="ObjectDiff"/> lists them (list-map keys, server-managed fields left out, capped):
    /// what the server would default or rewrite shows too. With several steps each line names its object.
    /// </summary>
    internal static IReadOnlyList<DiffLine> PlanDiff(WritePlan plan, IReadOnlyList<JsonObject?> dryRuns)
    {
        if (plan.Steps.Count == 1)
        {
            return WriteSteps.Diff(plan.Steps[0].Step, plan.Steps[0].Observed, dryRuns[0]);
        }

        var lines = new List<DiffLine>();
        for (var i = 0; i < plan.Steps.Count && lines.Count < ObjectDiff.MaxLines; i++)
        {
            var step = plan.Steps[i].Step;
            foreach (var line in WriteSteps.Diff(step, plan.Steps[i].Observed, dryRuns[i]))
            {
                lines.Add(line with { Path = $"{step.Target.Resource} {step.Target}: {line.Path}" });
            }
        }

        return lines.Count > ObjectDiff.MaxLines ? [.. lines.Take(ObjectDiff.MaxLines), new DiffLine { Path = ObjectDiff.TruncatedPath }] : lines;
    }

    /// <summary>What the proof's subject digest covers: the one observed object, or every step's (null where absent).</summary>
    private static JsonObject ObservedEvidence(WritePlan plan) => plan.Steps.Count == 1 && plan.Steps[0].Observed is { } only
        ? only
        : new JsonObject { ["steps"] = new JsonArray([.. plan.Steps.Select(s => s.Observed?.DeepClone())]) };

    private static JsonObject DryRunEvidence(List<JsonObject?> dryRuns) => dryRuns.Count == 1 && dryRuns[0] is { } only
        ? only
        : new JsonObject { ["steps"] = new JsonArray([.. dryRuns.Select(d => d?.DeepClone())]) };

    /// <summary>The first check: each target exists (or, for a create, does not yet).</summary>
    private static CheckRecord TargetCheck(WritePlan plan, JsonObject observedEvidence)
    {
        var digest = Sha256Digest.Compute(CanonicalJson.Serialize(observedEvidence)).ToString();
        if (plan.Steps.Count == 1 && plan.Steps[0].Observed is { } observed)
        {
            var target = plan.Steps[0].Step.Target;
            return new CheckRecord
            {
                Name = "target_exists",
                Status = CheckStatus.Pass,
                Detail = $"{target.Resource} {target} exists at resourceVersion {ResourceVersionOf(observed)}",
                EvidenceDigest = digest,
            };
        }

        var parts = plan.Steps.Select(s => s.Observed is { } o
            ? $"{s.Step.Target.Resource} {s.Step.Target} exists at resourceVersion {ResourceVersionOf(o)}"
            : $"{s.Step.Target.Resource} {s.Step.Target} does not exist yet");
        return new CheckRecord
        {
            Name = "target_exists",
            Status = CheckStatus.Pass,
            Detail = string.Join("; ", parts.Distinct(StringComparer.Ordinal)),
            EvidenceDigest = digest,
        };
    }
}
