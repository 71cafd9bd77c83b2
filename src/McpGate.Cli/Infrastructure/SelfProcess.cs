namespace McpGate.Cli.Infrastructure;

/// <summary>How to start this same mcpgate executable again (apphost, or 'dotnet mcpgate.dll').</summary>
internal static class SelfProcess
{
    public static (string Command, IReadOnlyList<string> PrefixArguments) Get()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this process's executable");
        var name = Path.GetFileNameWithoutExtension(process);
        if (string.Equals(name, "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            var assembly = Path.Combine(AppContext.BaseDirectory, "mcpgate.dll");
            return (process, [assembly]);
        }

        return (process, []);
    }
}
