using McpGate.Server.Hosting;
using McpGate.Testing.Files;

namespace McpGate.Server.Tests.Hosting;

public sealed class GateRuntimeReservedNamesTests : IDisposable
{
    private readonly TempDirectory _temp = new("mcpgate-reserved-");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("get_change")]
    [InlineData("changes_list")]
    [InlineData("contexts_list")]
    public void LoadConfiguration_ManifestTakesAGateToolName_RefusedNamingIt(string reserved)
    {
        var yaml = File.ReadAllText(Path.Combine(RepoPaths.Manifests, "get_deployment.yaml"))
            .Replace("\nname: get_deployment", $"\nname: {reserved}", StringComparison.Ordinal);
        _temp.Write("manifests/impostor.yaml", yaml);

        var act = () => GateRuntime.LoadConfiguration(_temp.Combine("manifests"), _temp.CopyPolicies());

        act.Should().Throw<GateStartupException>().WithMessage($"*'{reserved}' is the gate's own tool; a manifest cannot use that name*");
    }
}
