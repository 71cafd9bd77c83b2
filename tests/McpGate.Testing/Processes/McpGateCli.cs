namespace McpGate.Testing.Processes;

/// <summary>
/// The real <c>mcpgate</c> executable as built for the tests (<c>dotnet mcpgate.dll</c>), so
/// end-to-end tests run exactly what an operator runs.
/// </summary>
public static class McpGateCli
{
    private static readonly Lazy<string> s_assembly = new(Find);

    public static string DotNet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public static string AssemblyPath => s_assembly.Value;

    /// <summary>Command and arguments for an MCP client to launch <c>mcpgate</c> with these arguments.</summary>
    public static (string Command, IList<string> Arguments) Command(params string[] arguments) =>
        (DotNet, [AssemblyPath, .. arguments]);

    public static Task<ProcessResult> RunAsync(string[] arguments, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync(DotNet, [AssemblyPath, .. arguments], timeout ?? TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);

    /// <summary>Runs the CLI as an operator in another terminal would: from <c>/</c>, with only the flags given.</summary>
    public static Task<ProcessResult> RunFromRootAsync(string[] arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        ProcessRunner.RunAsync(DotNet, [AssemblyPath, .. arguments], TimeSpan.FromSeconds(90), environment, workingDirectory: "/");

    private static string Find()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "mcpgate.dll");
        if (File.Exists(local))
        {
            return local;
        }

        throw new FileNotFoundException($"mcpgate.dll is not in {AppContext.BaseDirectory}; the test project must reference src/McpGate.Cli");
    }
}
