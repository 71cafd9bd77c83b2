using FluentAssertions;
using Xunit;

namespace McpGate.Adversarial.Tests.Reads;

/// <summary><c>serve</c> says at start what the credentials lack for the tools it offers, and keeps serving.</summary>
public sealed class ServePermissionWarningTests(ReadGates gates) : IClassFixture<ReadGates>
{
    [Fact]
    public async Task Serve_ViewOnlyCredentials_WarnsOfEachMissingWriteAndStillServesReads()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!gates.ViewerLog.Any(l => l.Contains("Credentials: cannot patch apps/deployments", StringComparison.Ordinal)))
        {
            deadline.IsCancellationRequested.Should().BeFalse($"the warning never came; the viewer gate logged: {string.Join(" | ", gates.ViewerLog)}");
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None); // the check runs beside the server; poll its log
        }

        gates.ViewerLog.Should().Contain(l => l.Contains("Credentials: cannot patch apps/deployments in namespace demo", StringComparison.Ordinal) && l.Contains("mcpgate cluster check", StringComparison.Ordinal));
        gates.AdminLog.Should().NotContain(l => l.Contains("Credentials: cannot", StringComparison.Ordinal), "cluster-admin lacks nothing");
        var read = await gates.Viewer.CallToolAsync("list_deployments", new Dictionary<string, object?> { ["namespace"] = "demo" });
        read.IsError.Should().NotBe(true, "a missing write permission does not stop the gate");
    }
}
