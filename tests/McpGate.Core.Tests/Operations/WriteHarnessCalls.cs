using System.Text.Json;
using McpGate.Core.Changes;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Operations;

/// <summary>Proposing any shipped tool on a <see cref="GateHarness"/>, and running an approved change to its end.</summary>
internal static class WriteHarnessCalls
{
    public const string Policy = """
        rules:
          - name: writes
            tools: [set_image, rollout_undo, update_configmap]
            namespaces: [demo, prod]
            effect: allow
            approval: { count: 1, groups: [sre] }
        """;

    /// <summary><see cref="GateHarness.ProposeAsync"/> with the arguments as an anonymous object.</summary>
    public static Task<ChangeDocument> ProposeAsync(GateHarness h, string tool, object arguments) =>
        h.ProposeAsync(tool, JsonSerializer.SerializeToElement(arguments).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal));

    public static async Task<ChangeDocument> RunAsync(GateHarness h, string tool, object arguments)
    {
        var change = await ProposeAsync(h, tool, arguments);
        await h.SubmitAsync(change.Id, "alice");
        return await h.ProcessUntilFinalAsync(change.Id);
    }
}
