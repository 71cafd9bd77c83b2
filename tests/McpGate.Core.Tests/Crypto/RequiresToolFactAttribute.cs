namespace McpGate.Core.Tests.Crypto;

/// <summary>A fact that is skipped, with the reason, when an independent tool is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresToolFactAttribute : FactAttribute
{
    public RequiresToolFactAttribute(string tool)
    {
        Tool = tool;
        if (ExternalTool.Find(tool) is null)
        {
            Skip = $"{tool} is not on PATH";
        }
    }

    public string Tool { get; }
}
