namespace McpGate.Sandbox.Controllers;

/// <summary>A deployment's pods as its ReplicaSets report them; Total is the sum of their spec.replicas.</summary>
internal readonly record struct DeploymentCounts(int Desired, int Replicas, int Updated, int Ready, int Available, int Total);
