using McpGate.Testing.Mcp;
using ModelContextProtocol;

namespace McpGate.EndToEnd.Tests;

/// <summary>Bad input gets a clear error naming what was wrong; the server keeps serving and nothing mutates.</summary>
public sealed class BadInputTests(GateFixture gate) : IClassFixture<GateFixture>
{
    public static TheoryData<string, Dictionary<string, object?>, string> BadArguments => new()
    {
        { "missing replicas", new() { ["namespace"] = "demo", ["name"] = "web", ["reason"] = "r" }, "replicas" },
        { "replicas not an integer", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = "five", ["reason"] = "r" }, "replicas" },
        { "replicas out of range", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 500, ["reason"] = "r" }, "replicas" },
        { "negative replicas", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = -1, ["reason"] = "r" }, "replicas" },
        { "unknown argument", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 3, ["reason"] = "r", ["colour"] = "red" }, "colour" },
        { "bad namespace name", new() { ["namespace"] = "Demo!", ["name"] = "web", ["replicas"] = 3, ["reason"] = "r" }, "namespace" },
        { "unknown deployment", new() { ["namespace"] = "demo", ["name"] = "nope", ["replicas"] = 3, ["reason"] = "r" }, "not found" },
        { "unknown namespace", new() { ["namespace"] = "nowhere", ["name"] = "web", ["replicas"] = 3, ["reason"] = "r" }, "not found" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task ScaleDeployment_ReturnsClearError_AndChangesNothing(string scenario, Dictionary<string, object?> arguments, string named)
    {
        var before = await gate.Client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" });

        var result = await gate.Client.CallToolAsync("scale_deployment", arguments);

        result.IsError.Should().BeTrue(scenario);
        McpGateClient.TextOf(result).Should().Contain(named, scenario).And.Contain("Nothing was changed");
        var after = await gate.Client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" });
        after.GetProperty("resourceVersion").GetString().Should().Be(before.GetProperty("resourceVersion").GetString(), "nothing may mutate");
    }

    [Fact]
    public async Task CallTool_UnknownTool_IsAnErrorAndServerKeepsServing()
    {
        var call = async () => await gate.Client.CallToolAsync("delete_everything", new Dictionary<string, object?>());

        var outcome = await Record.ExceptionAsync(call);
        if (outcome is null)
        {
            var result = await gate.Client.CallToolAsync("delete_everything", new Dictionary<string, object?>());
            result.IsError.Should().BeTrue();
        }
        else
        {
            outcome.Should().BeOfType<McpProtocolException>().Which.Message.Should().Contain("delete_everything");
        }

        var list = await gate.Client.CallOkAsync("list_deployments", new() { ["namespace"] = "demo" });
        list.GetProperty("deployments").GetArrayLength().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task ScaleDeployment_BeyondPolicyConstraint_IsDeniedNamingTheRule()
    {
        var result = await gate.Client.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = "web",
            ["replicas"] = 50,
            ["reason"] = "too many",
        });

        result.GetProperty("status").GetString().Should().Be("denied");
        result.GetProperty("policy").GetProperty("rule").GetString().Should().NotBeNullOrEmpty();
        result.GetProperty("outcome").GetString().Should().Contain("replicas");
    }

    [Fact]
    public async Task GetChange_UnknownOrMalformedId_IsAClearError()
    {
        var unknown = await gate.Client.CallToolAsync("get_change", new Dictionary<string, object?> { ["change_id"] = "chg-aaaaaaaaaaaa" });
        unknown.IsError.Should().BeTrue();
        McpGateClient.TextOf(unknown).Should().Contain("No change chg-aaaaaaaaaaaa");

        var malformed = await gate.Client.CallToolAsync("get_change", new Dictionary<string, object?> { ["change_id"] = "42" });
        malformed.IsError.Should().BeTrue();
        McpGateClient.TextOf(malformed).Should().Contain("change_id");
    }

    [Fact]
    public async Task Approve_WithBadKeysOrIds_FailsWithExitCode2_AndRecordsNothing()
    {
        var proposal = await gate.Client.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = "web",
            ["replicas"] = 3,
            ["reason"] = "bad input checks",
        });
        var changeId = proposal.GetProperty("changeId").GetString()!;
        var malformedKey = Path.Combine(gate.TempPath, "malformed.pem");
        await File.WriteAllTextAsync(malformedKey, "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(malformedKey, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var cases = new (string[] Args, string Expected)[]
        {
            (["approvals", "approve", "chg-aaaaaaaaaaaa", "--key", gate.AliceKey], "no change chg-aaaaaaaaaaaa"),
            (["approvals", "approve", "not-an-id", "--key", gate.AliceKey], "not a change id"),
            (["approvals", "approve", changeId, "--key", malformedKey], "malformed.pem"),
            (["approvals", "approve", changeId, "--key", Path.Combine(gate.TempPath, "missing.pem")], "missing.pem"),
            (["approvals", "approve", changeId, "--key", gate.OutsiderKey], "not an approver"),
            (["approvals", "deny", changeId, "--key", gate.AliceKey, "--reason", " "], "--reason"),
        };
        foreach (var (args, expected) in cases)
        {
            var run = await gate.CliAsync([.. args, "--data-dir", gate.DataDir, "--policies", gate.PoliciesDir]);
            run.ExitCode.Should().Be(2, run.ToString());
            run.StandardError.Should().Contain(expected, run.ToString());
        }

        var still = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId });
        still.GetProperty("status").GetString().Should().Be("pending_approval");

        var deny = await gate.CliAsync("approvals", "deny", changeId, "--key", gate.BobKey, "--reason", "not now", "--data-dir", gate.DataDir, "--policies", gate.PoliciesDir);
        deny.ExitCode.Should().Be(0, deny.ToString());
        var afterDenial = await gate.CliAsync("approvals", "approve", changeId, "--key", gate.AliceKey, "--data-dir", gate.DataDir, "--policies", gate.PoliciesDir);
        afterDenial.ExitCode.Should().Be(2, afterDenial.ToString());
        afterDenial.StandardError.Should().Contain("rejected");

        var rejected = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId });
        rejected.GetProperty("status").GetString().Should().Be("rejected");
        rejected.GetProperty("outcome").GetString().Should().Contain("bob").And.Contain("not now");
    }
}
