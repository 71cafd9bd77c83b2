namespace McpGate.EndToEnd.Tests.Deploy;

/// <summary>A fact that runs a system tool (systemd-analyze, kubectl): skipped, saying so, on a machine without it.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class InstalledFactAttribute : FactAttribute
{
    public InstalledFactAttribute(string path)
    {
        if (!File.Exists(path))
        {
            Skip = $"{path} is not installed; this check runs the real tool.";
        }
    }
}
