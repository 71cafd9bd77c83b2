namespace McpGate.Sandbox.Tests.Kubectl;

/// <summary>A theory that needs the kubectl binary: skipped, saying so, on a machine without it.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KubectlTheoryAttribute : TheoryAttribute
{
    public KubectlTheoryAttribute()
    {
        if (!File.Exists(KubectlRunner.KubectlPath))
        {
            Skip = $"kubectl is not installed at {KubectlRunner.KubectlPath}; these checks run the real binary against the sandbox.";
        }
    }
}
