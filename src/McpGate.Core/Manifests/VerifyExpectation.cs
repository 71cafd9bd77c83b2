namespace McpGate.Core.Manifests;

/// <summary>The cluster state a write must reach before it counts as verified.</summary>
public enum VerifyExpectation
{
    /// <summary>observedGeneration caught up with generation and readyReplicas == spec.replicas.</summary>
    RolloutComplete,
}
