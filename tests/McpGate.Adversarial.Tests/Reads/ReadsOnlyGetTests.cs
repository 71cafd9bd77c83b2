using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using McpGate.Testing.Sandbox;
using Xunit;

namespace McpGate.Adversarial.Tests.Reads;

/// <summary>
/// Every read tool the gate lists, called through the real <c>mcpgate serve</c> with arguments built
/// from its schema (many aimed at Secrets, logs of every pod), sends the cluster nothing but GET
/// requests, and every object stays as it was.
/// </summary>
public sealed class ReadsOnlyGetTests(ReadGates gates) : IClassFixture<ReadGates>
{

    [Fact]
    public async Task EveryReadTool_AnyArguments_OnlyGetRequestsAndNothingChanges()
    {
        var tools = (await gates.Admin.ListToolsAsync()).Where(t => t.ProtocolTool.Annotations?.ReadOnlyHint == true).ToList();
        tools.Select(t => t.Name).Should().Contain(["pods_list", "pods_log", "resources_get", "resources_describe", "events_list", "get_change", "changes_list"]);
        var pods = await PodsAsync();
        var before = await VersionsAsync();
        var writesBefore = SandboxWrites.Count(gates.Sandbox);
        var getsBefore = gates.Sandbox.CountRequests("GET", "/");

        var calls = 0;
        foreach (var tool in tools)
        {
            // Many at once: reads run in parallel in real sessions, and the answer must not depend on order.
            var batch = ToolCalls.For(tool, pods, []).Select(arguments => gates.Admin.CallToolAsync(tool.Name, arguments).AsTask()).ToList();
            await Task.WhenAll(batch);
            calls += batch.Count;
        }

        calls.Should().BeGreaterThan(tools.Count);
        gates.Sandbox.CountRequests("GET", "/").Should().BeGreaterThan(getsBefore, "the reads did reach the cluster");
        SandboxWrites.Count(gates.Sandbox).Should().Be(writesBefore, "a read tool sends GET requests only");
        (await VersionsAsync()).Should().Equal(before, "no object changed");
    }

    /// <summary>Every deployment, config map, secret and node with its resourceVersion.</summary>
    private async Task<List<string>> VersionsAsync()
    {
        using var http = SandboxHttpClients.Create(gates.Sandbox);
        var versions = new List<string>();
        foreach (var path in new[] { "/apis/apps/v1/deployments", "/api/v1/configmaps", "/api/v1/secrets", "/api/v1/nodes", "/api/v1/namespaces" })
        {
            var list = await http.GetFromJsonAsync<JsonObject>(path);
            versions.AddRange(list!["items"]!.AsArray().OfType<JsonObject>().Select(o => $"{path} {o["metadata"]!["namespace"]}/{o["metadata"]!["name"]} {o["metadata"]!["resourceVersion"]}"));
        }

        return [.. versions.Order(StringComparer.Ordinal)];
    }

    private async Task<List<(string Namespace, string Name)>> PodsAsync()
    {
        using var http = SandboxHttpClients.Create(gates.Sandbox);
        var list = await http.GetFromJsonAsync<JsonObject>("/api/v1/pods");
        return [.. list!["items"]!.AsArray().OfType<JsonObject>().Select(p => (p["metadata"]!["namespace"]!.GetValue<string>(), p["metadata"]!["name"]!.GetValue<string>()))];
    }
}
