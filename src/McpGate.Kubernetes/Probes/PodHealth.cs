using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Probes;

/// <summary>
/// How the pods of a rollout's new template are doing: restarts, containers in CrashLoopBackOff or
/// failing to pull their image. A crash loop past <see cref="CrashLoopRestarts"/> restarts, an
/// ImagePullBackOff (the kubelet already retried the pull) or an image name that can never resolve
/// is a failure the rollout will not recover from by itself.
/// </summary>
internal sealed record PodHealth
{
    /// <summary>Restarts in CrashLoopBackOff after which a rollout counts as failed rather than slow.</summary>
    public const int CrashLoopRestarts = 3;

    private static readonly HashSet<string> s_pullReasons = new(StringComparer.Ordinal) { "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull" };

    private static readonly HashSet<string> s_finalPullReasons = new(StringComparer.Ordinal) { "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull" };

    public required int Pods { get; init; }

    public required long Restarts { get; init; }

    /// <summary><c>pod/container (restarts N)</c> for every container waiting in CrashLoopBackOff.</summary>
    public required IReadOnlyList<string> CrashLooping { get; init; }

    /// <summary><c>pod/container: reason</c> for every container that cannot get its image.</summary>
    public required IReadOnlyList<string> PullFailing { get; init; }

    /// <summary>Why the rollout will not complete by itself; null when nothing says so yet.</summary>
    public string? Failure { get; init; }

    public IReadOnlyList<string> PodUids { get; init; } = [];

    public static PodHealth Assess(IReadOnlyList<JsonObject> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        long restarts = 0;
        var crashLooping = new List<string>();
        var pullFailing = new List<string>();
        string? failure = null;
        foreach (var pod in pods)
        {
            var podName = ObjectFields.Name(pod);
            var statuses = (pod["status"]?["initContainerStatuses"] as JsonArray ?? []).Concat(pod["status"]?["containerStatuses"] as JsonArray ?? []);
            foreach (var container in statuses.OfType<JsonObject>())
            {
                var name = ObjectFields.String(container["name"]);
                var count = ObjectFields.Long(container["restartCount"]);
                restarts += count;
                var reason = ObjectFields.String(container["state"]?["waiting"]?["reason"]);
                if (reason == "CrashLoopBackOff")
                {
                    crashLooping.Add($"{podName}/{name} (restarts {count})");
                    if (count >= CrashLoopRestarts)
                    {
                        failure ??= $"pod {podName}: container {name} is in CrashLoopBackOff after {count} restarts";
                    }
                }
                else if (reason is not null && s_pullReasons.Contains(reason))
                {
                    pullFailing.Add($"{podName}/{name}: {reason}");
                    if (s_finalPullReasons.Contains(reason))
                    {
                        var message = ObjectFields.String(container["state"]?["waiting"]?["message"]);
                        failure ??= $"pod {podName}: container {name} cannot get its image ({reason}{(message is null ? string.Empty : ": " + message)})";
                    }
                }
            }
        }

        return new PodHealth
        {
            Pods = pods.Count,
            Restarts = restarts,
            CrashLooping = crashLooping,
            PullFailing = pullFailing,
            Failure = failure,
            PodUids = [.. pods.Select(ObjectFields.Uid)],
        };
    }

    public void AddFacts(List<ProbeFact> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        facts.Add(new ProbeFact("newPods", ObjectFields.Text(Pods)));
        facts.Add(new ProbeFact("restarts", ObjectFields.Text(Restarts)));
        if (CrashLooping.Count > 0)
        {
            facts.Add(new ProbeFact("crashLoopBackOff", string.Join(", ", CrashLooping)));
        }

        if (PullFailing.Count > 0)
        {
            facts.Add(new ProbeFact("imagePullFailures", string.Join(", ", PullFailing)));
        }
    }
}
