using System.Text.Json.Nodes;

namespace McpGate.Core.Checks;

/// <summary>
/// How many of a workload's pods a change takes away at once, from the observed object and the
/// dry-run result: pods removed by a scale-down, and for a pod-template change the rollout
/// strategy's budget (Deployment maxUnavailable rounded down, or every pod for Recreate;
/// StatefulSet and DaemonSet maxUnavailable rounded up, default 1; OnDelete replaces nothing by itself).
/// </summary>
internal sealed record PodDisruption
{
    /// <summary>Desired pods before the change.</summary>
    public required int Before { get; init; }

    /// <summary>Desired pods after the change.</summary>
    public required int After { get; init; }

    public required bool TemplateChanged { get; init; }

    /// <summary>Pods the change removes (scale-down) or replaces (template change).</summary>
    public required int Affected { get; init; }

    /// <summary>Most pods unavailable at one time during the change.</summary>
    public required int Unavailable { get; init; }

    /// <summary>How <see cref="Unavailable"/> was worked out, for the detail.</summary>
    public required string How { get; init; }

    /// <summary><see cref="Unavailable"/> as a share of the replicas before the change, 0 to 100, rounded up.</summary>
    public int SharePercent => Before == 0 ? 0 : (int)Math.Ceiling(100m * Unavailable / Before);

    public static PodDisruption Of(Workload before, Workload after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var removed = Math.Max(0, before.Replicas - after.Replicas);
        var templateChanged = !JsonNode.DeepEquals(before.Template, after.Template);
        var scale = before.Replicas == after.Replicas ? $"replicas stay {before.Replicas}" : $"replicas {before.Replicas} -> {after.Replicas}";
        if (!templateChanged)
        {
            return new PodDisruption
            {
                Before = before.Replicas,
                After = after.Replicas,
                TemplateChanged = false,
                Affected = removed,
                Unavailable = removed,
                How = removed > 0 ? $"scale-down removes {removed} pod(s) ({scale})" : $"no pod is removed or replaced ({scale})",
            };
        }

        var (atOnce, rule, replaced) = Rollout(after);
        return new PodDisruption
        {
            Before = before.Replicas,
            After = after.Replicas,
            TemplateChanged = true,
            Affected = Math.Max(removed, replaced ? before.Replicas : 0),
            Unavailable = Math.Min(before.Replicas, Math.Max(removed, atOnce)),
            How = $"pod template changes: {rule} ({scale})",
        };
    }

    /// <summary>Pods unavailable at once while replacing pods, the rule used, and whether existing pods get replaced at all.</summary>
    private static (int AtOnce, string Rule, bool Replaced) Rollout(Workload after)
    {
        var spec = after.Object["spec"];
        var desired = after.Replicas;
        switch (after.Resource)
        {
            case "deployments":
            {
                var strategy = spec?["strategy"];
                if (Workload.Text(strategy?["type"]) == "Recreate")
                {
                    return (desired, "Recreate stops every pod first", true);
                }

                var rolling = strategy?["rollingUpdate"];
                var surge = IntOrPercent.Resolve(rolling?["maxSurge"], desired, roundUp: true, IntOrPercent.Resolve("25%", desired, roundUp: true, 0));
                var unavailable = IntOrPercent.Resolve(rolling?["maxUnavailable"], desired, roundUp: false, IntOrPercent.Resolve("25%", desired, roundUp: false, 0));
                if (surge == 0 && unavailable == 0)
                {
                    unavailable = 1;
                }

                return (unavailable, $"rolling update, maxUnavailable {IntOrPercent.Text(rolling?["maxUnavailable"], "25%")} = {unavailable} pod(s) at a time", true);
            }

            case "statefulsets":
            case "daemonsets":
            {
                var strategy = spec?["updateStrategy"];
                if (Workload.Text(strategy?["type"]) == "OnDelete")
                {
                    return (0, "OnDelete: pods change only when deleted by hand", false);
                }

                var rolling = strategy?["rollingUpdate"];
                var surge = after.Resource == "daemonsets" ? IntOrPercent.Resolve(rolling?["maxSurge"], desired, roundUp: true, 0) : 0;
                var unavailable = surge > 0 ? 0 : Math.Max(1, IntOrPercent.Resolve(rolling?["maxUnavailable"], desired, roundUp: true, 1));
                return (unavailable, $"rolling update, maxUnavailable {IntOrPercent.Text(rolling?["maxUnavailable"], "1")} = {unavailable} pod(s) at a time", true);
            }

            default:
                return (0, "a ReplicaSet does not replace the pods it already has", false);
        }
    }
}
