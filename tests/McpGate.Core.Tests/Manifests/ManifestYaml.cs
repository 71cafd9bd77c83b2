using McpGate.Core.Manifests;
using McpGate.Testing.Files;

namespace McpGate.Core.Tests.Manifests;

/// <summary>A valid write manifest to mutate in error tests, and helpers to load YAML text.</summary>
internal static class ManifestYaml
{
    // Line numbers matter: tests point at them.
    public const string Scale = """
        name: scale_deployment
        title: Scale a deployment
        description: Change the number of replicas.
        access: write
        risk: medium
        parameters:
          namespace: { type: string, required: true, pattern: '^[a-z0-9-]+$', description: Namespace }
          name: { type: string, required: true, description: Name }
          replicas:
            type: integer
            required: true
            minimum: 0
            maximum: 100
          reason: { type: string, required: true, description: Why }
        operation:
          action: scale
          resource: apps/v1/deployments
          namespace: '{namespace}'
          name: '{name}'
          fields:
            spec.replicas: '{replicas}'
        verify:
          expect: rollout_complete
          timeout: 120s
        """;

    public static ManifestSet Load(params (string Path, string Text)[] files) => ManifestLoader.Load(files);

    public static ToolManifest Shipped(string name) =>
        ManifestLoader.LoadDirectory(RepoPaths.Manifests).Find(name)
        ?? throw new InvalidOperationException($"{name} is not shipped.");

    public static IReadOnlyList<string> Errors(params (string Path, string Text)[] files)
    {
        try
        {
            Load(files);
        }
        catch (ManifestValidationException ex)
        {
            return ex.Errors;
        }

        throw new InvalidOperationException("The manifests loaded without errors.");
    }
}
