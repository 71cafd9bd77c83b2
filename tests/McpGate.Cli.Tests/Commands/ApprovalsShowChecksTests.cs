using System.Text.Json.Nodes;
using McpGate.Cli.Commands;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Changes;
using McpGate.Testing.Engine;
using McpGate.Testing.Processes;
using McpGate.Testing.Sandbox;

namespace McpGate.Cli.Tests.Commands;

/// <summary><c>mcpgate approvals show</c> (the real process) prints the release score and every check with its status.</summary>
public sealed class ApprovalsShowChecksTests
{
    [Fact]
    public async Task ApprovalsShow_PrintsTheScoreAndEveryCheck_WarnIncluded()
    {
        await using var h = await GateHarness.StartAsync();
        await h.Cluster.PatchAsync(GateHarness.Web, new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["kustomize.toolkit.fluxcd.io/name"] = "apps", ["kustomize.toolkit.fluxcd.io/namespace"] = "flux-system" } } }, null, dryRun: false);
        await h.Sandbox.WaitForSettledAsync(SandboxFixture.QuietTimeout);
        var change = await h.ProposeScaleAsync(3);
        var data = Path.GetDirectoryName(h.Ledger.DatabasePath)!;

        var show = await McpGateCli.RunAsync(["approvals", "show", change.Id, "--data-dir", data]);

        show.ExitCode.Should().Be(0, show.ToString());
        show.StandardOutput.Should().Contain("89/100 release score, from the signed proof (7 pass, 1 warn, 0 fail)");
        foreach (var check in change.Checks)
        {
            show.StandardOutput.Should().MatchRegex($@"│ {check.Name}\s+│ {check.Status.ToWire()}\s+│", because: check.Name);
        }

        show.StandardOutput.Should().Contain("managed by Flux Kustomization \"flux-system/apps\"");
        show.StandardOutput.Should().NotContain("\u001b", "piped output is never styled");

        var json = await McpGateCli.RunAsync(["approvals", "show", change.Id, "--data-dir", data, "--json"]);

        json.ExitCode.Should().Be(0, json.ToString());
        var node = JsonNode.Parse(json.StandardOutput)!;
        node["releaseScore"]!.GetValue<int>().Should().Be(89);
        node["checks"]!.AsArray().Select(c => (c!["name"]!.GetValue<string>(), c["status"]!.GetValue<string>()))
            .Should().Equal(change.Checks.Select(c => (c.Name, c.Status.ToWire())));
        node["checks"]!.AsArray().Should().Contain(c => c!["name"]!.GetValue<string>() == "gitops_managed" && c["status"]!.GetValue<string>() == "warn");
    }

    [Theory]
    [InlineData("pass", "green")]
    [InlineData("warn", "yellow")]
    [InlineData("fail", "red")]
    public void StatusCell_StylesEachStatusDistinctly_ShowingItAsSigned(string status, string style)
    {
        var cell = ApprovalsCommand.StatusCell(new CheckRecord { Name = "c", Status = CheckStatuses.FromWire(status)!.Value, Detail = "d" });

        cell.Should().Be(new TerminalCell(status, style));
    }
}
