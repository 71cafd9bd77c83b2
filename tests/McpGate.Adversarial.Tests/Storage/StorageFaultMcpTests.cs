using McpGate.Adversarial.Tests.FailClosed;
using McpGate.Core.Ledger;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;

namespace McpGate.Adversarial.Tests.Storage;

/// <summary>
/// The real <c>mcpgate</c> process on a real small disk (tmpfs): started on a full or read-only
/// ledger it exits 1 with one line naming the path; an agent writing while the disk is full gets a
/// tool error naming the condition (not an exception type), the cluster is not changed, and the
/// same call works once space returns. Skipped, with the reason, where tmpfs cannot be mounted.
/// </summary>
public sealed class StorageFaultMcpTests
{
    private static readonly Dictionary<string, object?> s_scale = new()
    {
        ["namespace"] = "demo",
        ["name"] = "web",
        ["replicas"] = 3,
        ["reason"] = "storage fault test",
    };

    [TmpfsFact]
    public async Task Serve_FullDisk_ExitsOneWithOneLineNamingThePath()
    {
        using var disk = TmpfsMount.Create(2 * 1024 * 1024);
        using var temp = new TempDirectory("mcpgate-storage-");
        var data = disk.Combine("data");
        PrepareDataDirectory(data);
        disk.Fill();

        var result = await McpGateCli.RunAsync(["serve", "--sandbox", "--data-dir", data, "--policies", temp.CopyPolicies()]);

        result.ExitCode.Should().Be(1, result.ToString());
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle(result.ToString())
            .Which.Should().StartWith($"mcpgate: the disk holding the ledger {Path.Combine(data, "ledger.db")} is full");
        result.StandardError.Should().NotContain("SQLite Error").And.NotContain("   at ");
    }

    [TmpfsFact]
    public async Task Serve_ReadOnlyDisk_ExitsOneWithOneLineNamingThePath()
    {
        using var disk = TmpfsMount.Create(2 * 1024 * 1024);
        using var temp = new TempDirectory("mcpgate-storage-");
        var data = disk.Combine("data");
        PrepareDataDirectory(data);
        disk.MakeReadOnly();

        var result = await McpGateCli.RunAsync(["serve", "--sandbox", "--data-dir", data, "--policies", temp.CopyPolicies()]);

        result.ExitCode.Should().Be(1, result.ToString());
        result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle(result.ToString())
            .Which.Should().StartWith($"mcpgate: the ledger {Path.Combine(data, "ledger.db")} is read-only");
    }

    [TmpfsFact]
    public async Task Write_WhileTheDiskIsFull_ToolErrorNamesTheCondition_ClusterUnchanged_ThenWorks()
    {
        using var disk = TmpfsMount.Create(8 * 1024 * 1024);
        using var temp = new TempDirectory("mcpgate-storage-");
        var data = disk.Combine("data");
        await using var client = await McpGateClient.StartAsync(["--sandbox", "--data-dir", data, "--policies", temp.CopyPolicies(), "--log-level", "Warning"]);
        var web = new Dictionary<string, object?> { ["namespace"] = "demo", ["name"] = "web" };
        var before = (await client.CallOkAsync("get_deployment", web)).GetProperty("resourceVersion").GetString();
        using var reader = LedgerBreak.HoldWal(Path.Combine(data, "ledger.db"));
        disk.Fill();

        var refused = await client.CallToolAsync("scale_deployment", s_scale);
        var listed = await client.CallToolAsync("changes_list", new Dictionary<string, object?>());

        refused.IsError.Should().BeTrue();
        var text = McpGateClient.TextOf(refused);
        text.Should().Contain($"the disk holding the ledger {Path.Combine(data, "ledger.db")} is full").And.Contain("Nothing was recorded");
        text.Should().NotContain("SqliteException").And.NotContain("SQLite Error");
        (listed.IsError == true ? McpGateClient.TextOf(listed) : "listed").Should().NotContain("SqliteException");
        (await client.CallOkAsync("get_deployment", web)).GetProperty("resourceVersion").GetString().Should().Be(before);

        disk.Free();
        var proposed = await client.CallOkAsync("scale_deployment", s_scale);

        proposed.GetProperty("status").GetString().Should().Be("pending_approval");
        var mine = await client.CallOkAsync("changes_list", new Dictionary<string, object?>());
        mine.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("changeId").GetString())
            .Should().Equal(proposed.GetProperty("changeId").GetString());
    }

    /// <summary>A data directory with a ledger, as a gate leaves it.</summary>
    private static void PrepareDataDirectory(string data)
    {
        Directory.CreateDirectory(data);
        ChangeLedger.Open(Path.Combine(data, "ledger.db"), TimeProvider.System).Dispose();
    }
}
