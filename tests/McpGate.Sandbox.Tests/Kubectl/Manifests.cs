namespace McpGate.Sandbox.Tests.Kubectl;

/// <summary>YAML manifests for the kubectl tests.</summary>
internal static class Manifests
{
    public static string Deployment(string name, string image, int replicas = 2, int? progressDeadlineSeconds = null, string ns = "demo") => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          replicas: {replicas}
        {(progressDeadlineSeconds is { } seconds ? $"  progressDeadlineSeconds: {seconds}" : string.Empty)}
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
              - name: {name}
                image: {image}
        """;
}
