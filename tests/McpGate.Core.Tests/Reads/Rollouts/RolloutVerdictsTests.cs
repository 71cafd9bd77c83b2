using System.Text.Json.Nodes;
using FluentAssertions;
using McpGate.Core.Reads.Rollouts;
using Xunit;

namespace McpGate.Core.Tests.Reads.Rollouts;

public sealed class RolloutVerdictsTests
{
    /// <summary>resource, object (metadata.name is added), state, a phrase the verdict must hold.</summary>
    public static TheoryData<string, string, RolloutState, string> Cases => new()
    {
        // Deployments, in kubectl's order of tests.
        { "deployments", """{"metadata":{"generation":3},"spec":{"replicas":3},"status":{"observedGeneration":3,"replicas":3,"updatedReplicas":3,"readyReplicas":3,"availableReplicas":3}}""", RolloutState.Complete, "deployment \"w\" successfully rolled out" },
        { "deployments", """{"metadata":{"generation":4},"spec":{"replicas":3},"status":{"observedGeneration":3,"replicas":3,"updatedReplicas":3,"availableReplicas":3}}""", RolloutState.Unobserved, "generation 4, observed 3" },
        { "deployments", """{"metadata":{"generation":1},"spec":{"replicas":3},"status":{}}""", RolloutState.Unobserved, "observed none" },
        { "deployments", """{"metadata":{"generation":2},"spec":{"replicas":3},"status":{"observedGeneration":2,"replicas":4,"updatedReplicas":1,"availableReplicas":3}}""", RolloutState.Progressing, "1 out of 3 new replicas have been updated" },
        { "deployments", """{"metadata":{"generation":2},"spec":{"replicas":3},"status":{"observedGeneration":2,"replicas":5,"updatedReplicas":3,"availableReplicas":3}}""", RolloutState.Progressing, "2 old replicas are pending termination" },
        { "deployments", """{"metadata":{"generation":2},"spec":{"replicas":3},"status":{"observedGeneration":2,"replicas":3,"updatedReplicas":3,"availableReplicas":1}}""", RolloutState.Progressing, "1 of 3 updated replicas are available" },
        { "deployments", """{"metadata":{"generation":2},"spec":{},"status":{"observedGeneration":2,"replicas":1,"updatedReplicas":1,"availableReplicas":1}}""", RolloutState.Complete, "successfully rolled out" },
        { "deployments", """{"metadata":{"generation":2},"spec":{"replicas":3},"status":{"observedGeneration":2,"replicas":4,"updatedReplicas":1,"availableReplicas":3,"conditions":[{"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded","message":"ReplicaSet \"w-2\" has timed out progressing."}]}}""", RolloutState.Stalled, "exceeded its progress deadline: ReplicaSet \"w-2\" has timed out progressing." },
        { "deployments", """{"metadata":{"generation":5},"spec":{"replicas":3},"status":{"observedGeneration":4,"conditions":[{"type":"Progressing","reason":"ProgressDeadlineExceeded"}]}}""", RolloutState.Unobserved, "spec update to be observed" },
        { "deployments", """{"metadata":{"generation":2},"spec":{"replicas":3,"paused":true},"status":{"observedGeneration":2,"replicas":4,"updatedReplicas":1,"availableReplicas":3}}""", RolloutState.Paused, "is paused with its rollout unfinished (1 out of 3 new replicas have been updated)" },
        { "deployments", """{"metadata":{"generation":2},"spec":{"replicas":2,"paused":true},"status":{"observedGeneration":2,"replicas":2,"updatedReplicas":2,"availableReplicas":2}}""", RolloutState.Complete, "successfully rolled out (it is paused)" },
        { "deployments", """{"metadata":{"generation":2},"spec":{"replicas":0},"status":{"observedGeneration":2}}""", RolloutState.Complete, "successfully rolled out" },

        // StatefulSets.
        { "statefulsets", """{"metadata":{"generation":2},"spec":{"replicas":3,"updateStrategy":{"type":"RollingUpdate"}},"status":{"observedGeneration":2,"replicas":3,"readyReplicas":3,"currentReplicas":3,"updatedReplicas":3,"currentRevision":"w-7","updateRevision":"w-7"}}""", RolloutState.Complete, "rolling update complete 3 pods at revision w-7" },
        { "statefulsets", """{"metadata":{"generation":2},"spec":{"replicas":3,"updateStrategy":{"type":"OnDelete"}},"status":{"observedGeneration":2}}""", RolloutState.Unsupported, "only available for the RollingUpdate strategy type" },
        { "statefulsets", """{"metadata":{"generation":3},"spec":{"replicas":3},"status":{"observedGeneration":2,"readyReplicas":3}}""", RolloutState.Unobserved, "generation 3, observed 2" },
        { "statefulsets", """{"metadata":{},"spec":{"replicas":3},"status":{"observedGeneration":0}}""", RolloutState.Unobserved, "never observed" },
        { "statefulsets", """{"metadata":{"generation":2},"spec":{"replicas":3},"status":{"observedGeneration":2,"readyReplicas":1,"currentRevision":"a","updateRevision":"a"}}""", RolloutState.Progressing, "waiting for 2 pods to be ready" },
        { "statefulsets", """{"metadata":{"generation":2},"spec":{"replicas":4,"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}},"status":{"observedGeneration":2,"readyReplicas":4,"updatedReplicas":1}}""", RolloutState.Progressing, "partitioned roll out to finish: 1 out of 2 new pods" },
        { "statefulsets", """{"metadata":{"generation":2},"spec":{"replicas":4,"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}},"status":{"observedGeneration":2,"readyReplicas":4,"updatedReplicas":2}}""", RolloutState.Complete, "partitioned roll out complete: 2 new pods" },
        { "statefulsets", """{"metadata":{"generation":2},"spec":{"replicas":3},"status":{"observedGeneration":2,"readyReplicas":3,"updatedReplicas":1,"currentRevision":"w-1","updateRevision":"w-2"}}""", RolloutState.Progressing, "complete 1 pods at revision w-2" },
        { "statefulsets", """{"metadata":{"generation":2},"spec":{"replicas":3,"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}}},"status":{"observedGeneration":2,"readyReplicas":3,"updatedReplicas":2,"currentRevision":"w-1","updateRevision":"w-2"}}""", RolloutState.Progressing, "partitioned roll out to finish: 2 out of 3 new pods" },
        { "statefulsets", """{"metadata":{"generation":2},"spec":{"replicas":3,"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1}}},"status":{"observedGeneration":2,"readyReplicas":3,"updatedReplicas":1}}""", RolloutState.Complete, "partitioned roll out complete: 1 new pods" },

        // DaemonSets.
        { "daemonsets", """{"metadata":{"generation":1},"spec":{"updateStrategy":{"type":"RollingUpdate"}},"status":{"observedGeneration":1,"desiredNumberScheduled":2,"currentNumberScheduled":2,"updatedNumberScheduled":2,"numberReady":2,"numberAvailable":2}}""", RolloutState.Complete, "daemon set \"w\" successfully rolled out" },
        { "daemonsets", """{"metadata":{"generation":1},"spec":{"updateStrategy":{"type":"OnDelete"}},"status":{"observedGeneration":1}}""", RolloutState.Unsupported, "OnDelete" },
        { "daemonsets", """{"metadata":{"generation":2},"spec":{},"status":{"observedGeneration":1,"desiredNumberScheduled":2}}""", RolloutState.Unobserved, "daemon set spec update to be observed" },
        { "daemonsets", """{"metadata":{"generation":2},"spec":{},"status":{"observedGeneration":2,"desiredNumberScheduled":3,"updatedNumberScheduled":1,"numberAvailable":3}}""", RolloutState.Progressing, "1 out of 3 new pods have been updated" },
        { "daemonsets", """{"metadata":{"generation":2},"spec":{},"status":{"observedGeneration":2,"desiredNumberScheduled":3,"updatedNumberScheduled":3,"numberAvailable":2}}""", RolloutState.Progressing, "2 of 3 updated pods are available" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Of_Workload_JudgesAsKubectlRolloutStatus(string resource, string json, RolloutState state, string phrase)
    {
        var obj = JsonNode.Parse(json)!.AsObject();
        obj["metadata"]!["name"] = "w";

        var verdict = RolloutVerdicts.Of(resource, obj);

        verdict.State.Should().Be(state);
        verdict.Message.Should().Contain(phrase);
        verdict.Message.Should().NotContain("\n");
        verdict.Done.Should().Be(state == RolloutState.Complete);
    }

    [Fact]
    public void Of_Deployment_CarriesTheNumbers()
    {
        var obj = JsonNode.Parse("""{"metadata":{"name":"w","generation":7},"spec":{"replicas":5,"paused":true},"status":{"observedGeneration":6,"replicas":6,"updatedReplicas":2,"readyReplicas":4,"availableReplicas":3}}""")!.AsObject();

        var verdict = RolloutVerdicts.Of("deployments", obj);

        verdict.Should().BeEquivalentTo(new { Desired = 5L, Current = 6L, Updated = 2L, Ready = 4L, Available = 3L, Generation = 7L, ObservedGeneration = 6L, Paused = true });
    }

    [Fact]
    public void Of_DaemonSet_DesiredIsDesiredNumberScheduled()
    {
        var obj = JsonNode.Parse("""{"metadata":{"name":"w","generation":1},"spec":{},"status":{"observedGeneration":1,"desiredNumberScheduled":4,"currentNumberScheduled":3,"updatedNumberScheduled":3,"numberReady":2,"numberAvailable":1}}""")!.AsObject();

        RolloutVerdicts.Of("daemonsets", obj).Should().BeEquivalentTo(new { Desired = 4L, Current = 3L, Updated = 3L, Ready = 2L, Available = 1L });
    }

    [Fact]
    public void Of_ResourceWithoutRollout_Throws()
    {
        var act = () => RolloutVerdicts.Of("replicasets", new JsonObject());

        act.Should().Throw<ArgumentException>().WithMessage("*replicasets have no rollout status*");
    }
}
