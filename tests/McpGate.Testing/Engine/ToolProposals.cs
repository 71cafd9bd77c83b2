using System.Text.Json;
using McpGate.Core.Changes;
using McpGate.Core.Manifests;

namespace McpGate.Testing.Engine;

/// <summary>Proposals of any shipped tool through a harness's engine, arguments bound as an MCP call would bind them.</summary>
public static class ToolProposals
{
    /// <summary>An apply_manifest proposal in <paramref name="ns"/> with this body.</summary>
    public static Task<ChangeDocument> ProposeApplyAsync(this GateHarness harness, string manifest, string ns = "demo", string requester = "agent") =>
        harness.ProposeToolAsync("apply_manifest", new Dictionary<string, object> { ["namespace"] = ns, ["manifest"] = manifest, ["reason"] = "engine test" }, requester);

    public static Task<ChangeDocument> ProposeToolAsync(this GateHarness harness, string tool, IReadOnlyDictionary<string, object> arguments, string requester = "agent")
    {
        ArgumentNullException.ThrowIfNull(harness);
        ArgumentNullException.ThrowIfNull(arguments);
        var manifest = harness.Manifests.Find(tool) ?? throw new InvalidOperationException($"{tool} is not shipped");
        var bound = ArgumentBinder.Bind(manifest, arguments.ToDictionary(a => a.Key, a => JsonSerializer.SerializeToElement(a.Value), StringComparer.Ordinal));
        return harness.Engine.ProposeAsync(manifest, bound, requester);
    }
}
