using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;
using ModelContextProtocol.Client;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// The real <c>mcpgate serve --sandbox --approvals-listen 127.0.0.1:0</c>, an agent proposing over
/// MCP stdio, and an approver's CLI that has only a copy of its key file and the API's URL: it runs
/// with an empty HOME and data directory of its own, so it cannot read the gate's files.
/// </summary>
public sealed class ApprovalsApiEndToEndTests(ApprovalsApiEndToEndTests.Gate gate) : IClassFixture<ApprovalsApiEndToEndTests.Gate>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Approver_WithOnlyKeyAndUrl_ApprovesAndTheSandboxScales()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var changeId = await ProposeAsync("web", 6, timeout.Token);
        using var laptop = new TempDirectory("mcpgate-laptop-");
        var key = laptop.Combine("alice.pem");
        File.Copy(gate.AliceKey, key);
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var list = await ApproverAsync(laptop, ["approvals", "list", "--server", gate.ApiUrl.AbsoluteUri]);
        var show = await ApproverAsync(laptop, ["approvals", "show", changeId, "--server", gate.ApiUrl.AbsoluteUri]);
        var approve = await ApproverAsync(laptop, ["approvals", "approve", changeId, "--key", key, "--server", gate.ApiUrl.AbsoluteUri, "--comment", "from my laptop"]);

        list.ExitCode.Should().Be(0, list.ToString());
        list.StandardOutput.Should().Contain(changeId);
        show.ExitCode.Should().Be(0, show.ToString());
        show.StandardOutput.Should().Contain("signature verified by the gate").And.Contain("0 of 1 approvals, needs one more from group sre");
        approve.ExitCode.Should().Be(0, approve.ToString());
        approve.StandardOutput.Should().Contain($"Recorded alice's approval of {changeId}").And.Contain("1 of 1 approvals, quorum met");
        Directory.EnumerateFileSystemEntries(laptop.Path).Should().Equal([key], "the approver's CLI wrote nothing of its own");
        var final = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, cancellationToken: timeout.Token);
        final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
        var web = await gate.Client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" }, cancellationToken: timeout.Token);
        web.GetProperty("replicas").GetInt32().Should().Be(6);
        var entries = await McpGateCli.RunAsync(["changes", "show", changeId, "--data-dir", gate.DataDir, "--json"]);
        entries.StandardOutput.Should().Contain("from my laptop");
    }

    [Fact]
    public async Task ApproveHint_AsPrinted_WorksForAnApproverWithOnlyTheKey()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var proposal = await gate.Client.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = "web",
            ["replicas"] = 7,
            ["reason"] = "the hint as printed",
        }, cancellationToken: timeout.Token);
        var changeId = proposal.GetProperty("changeId").GetString()!;
        var hint = proposal.GetProperty("approveCommand").GetString()!;
        var denyHint = proposal.GetProperty("denyCommand").GetString()!;
        using var laptop = new TempDirectory("mcpgate-laptop-");
        var key = laptop.Combine("alice.pem");
        File.Copy(gate.AliceKey, key);

        hint.Should().Be($"mcpgate approvals approve {changeId} --key KEYFILE --server {gate.ApiUrl.AbsoluteUri}", "the approver needs the API's address, not the gate's data directory");
        denyHint.Should().Be($"mcpgate approvals deny {changeId} --key KEYFILE --reason TEXT --server {gate.ApiUrl.AbsoluteUri}");
        var words = hint.Split(' ');
        words[0].Should().Be("mcpgate");
        var approve = await ApproverAsync(laptop, [.. words[1..].Select(w => w == "KEYFILE" ? key : w)]);

        approve.ExitCode.Should().Be(0, approve.ToString());
        var final = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, cancellationToken: timeout.Token);
        final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
        var web = await gate.Client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" }, cancellationToken: timeout.Token);
        web.GetProperty("replicas").GetInt32().Should().Be(7);
    }

    [Fact]
    public async Task Approver_OnTheGatesHost_UsesThePublishedAddress()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var changeId = await ProposeAsync("api", 2, timeout.Token);

        var show = await McpGateCli.RunFromRootAsync(["approvals", "show", changeId, "--data-dir", gate.DataDir]);
        var deny = await McpGateCli.RunFromRootAsync(["approvals", "deny", changeId, "--key", gate.BobKey, "--data-dir", gate.DataDir, "--reason", "not during the sale"]);

        show.ExitCode.Should().Be(0, show.ToString());
        show.StandardOutput.Should().Contain($"Served by").And.Contain(gate.ApiUrl.AbsoluteUri);
        deny.ExitCode.Should().Be(0, deny.ToString());
        deny.StandardOutput.Should().Contain($"Recorded bob's rejection of {changeId}").And.Contain(gate.ApiUrl.AbsoluteUri);
        var final = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 30 }, cancellationToken: timeout.Token);
        final.GetProperty("status").GetString().Should().Be("rejected", final.ToString());
    }

    [Fact]
    public async Task Approver_RefusedByTheApi_ExitsTwoAndNothingIsCounted()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var changeId = await ProposeAsync("web", 3, timeout.Token);
        using var laptop = new TempDirectory("mcpgate-laptop-");

        var outsider = await ApproverAsync(laptop, ["approvals", "approve", changeId, "--key", gate.OutsiderKey, "--server", gate.ApiUrl.AbsoluteUri]);
        var agentOwn = await ApproverAsync(laptop, ["approvals", "approve", changeId, "--key", gate.AgentKey, "--server", gate.ApiUrl.AbsoluteUri]);

        outsider.ExitCode.Should().Be(2, outsider.ToString());
        outsider.StandardError.Should().Contain("--key").And.Contain("is not an approver in the policy of the gate at");
        agentOwn.ExitCode.Should().Be(2, agentOwn.ToString());
        agentOwn.StandardError.Should().Contain("refused (403, rule requester)").And.Contain($"{Gate.Agent} requested this change");
        var change = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: timeout.Token);
        change.GetProperty("status").GetString().Should().Be("pending_approval");
    }

    [Fact]
    public async Task Approver_MissingAddressOrKey_IsToldWhichOne()
    {
        using var laptop = new TempDirectory("mcpgate-laptop-");
        var key = laptop.Combine("alice.pem");
        File.Copy(gate.AliceKey, key);

        var noAddress = await ApproverAsync(laptop, ["approvals", "approve", "chg-aaaaaaaaaaaa", "--key", key]);
        var noKey = await ApproverAsync(laptop, ["approvals", "approve", "chg-aaaaaaaaaaaa", "--key", laptop.Combine("missing.pem"), "--server", gate.ApiUrl.AbsoluteUri]);
        var wrongAddress = await ApproverAsync(laptop, ["approvals", "approve", "chg-aaaaaaaaaaaa", "--key", key, "--server", "http://127.0.0.1:1/"]);
        var notAUrl = await ApproverAsync(laptop, ["approvals", "list", "--server", "gate.example:7443"]);

        noAddress.ExitCode.Should().Be(2, noAddress.ToString());
        noAddress.StandardError.Should().Contain("no approval API address published there: give the gate's approval API with --server URL");
        noKey.ExitCode.Should().Be(2, noKey.ToString());
        noKey.StandardError.Should().Contain($"--key {laptop.Combine("missing.pem")}: no such file");
        wrongAddress.ExitCode.Should().Be(2, wrongAddress.ToString());
        wrongAddress.StandardError.Should().Contain("--server http://127.0.0.1:1/: no approval API answers at");
        notAUrl.ExitCode.Should().Be(2, notAUrl.ToString());
        notAUrl.StandardError.Should().Contain("must be an http(s) URL");
    }

    [Fact]
    public async Task McpHttpListener_DoesNotServeTheApprovalApi()
    {
        using var temp = new TempDirectory("mcpgate-apihttp-");
        var policies = temp.CopyPolicies();
        await McpGateHttpServer.CreateTokenAsync(policies, "ci-bot");
        var data = temp.Combine("data");
        await using var server = await McpGateHttpServer.StartAsync("--sandbox", "--http", "127.0.0.1:0", "--approvals-listen", "127.0.0.1:0", "--data-dir", data, "--policies", policies, "--log-level", "Warning");
        var api = await Gate.PublishedUrlAsync(data);
        using var http = new HttpClient();

        using var viaMcp = await http.GetAsync(new Uri(server.BaseUrl, "/api/v1/changes"));
        using var viaMcpPost = await http.PostAsync(new Uri(server.BaseUrl, "/api/v1/changes/chg-aaaaaaaaaaaa/decisions"), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        using var viaApi = await http.GetAsync(new Uri(api, "api/v1/changes"));
        using var mcpOnApi = await http.PostAsync(new Uri(api, "mcp"), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        viaMcp.StatusCode.Should().Be(HttpStatusCode.NotFound);
        viaMcpPost.StatusCode.Should().Be(HttpStatusCode.NotFound);
        viaApi.StatusCode.Should().Be(HttpStatusCode.OK);
        mcpOnApi.StatusCode.Should().Be(HttpStatusCode.NotFound, "the approval listener serves no MCP either");
        api.Port.Should().NotBe(server.BaseUrl.Port);
    }

    private static Task<ProcessResult> ApproverAsync(TempDirectory laptop, string[] arguments) =>
        McpGateCli.RunFromRootAsync(arguments, new Dictionary<string, string?>
        {
            ["HOME"] = laptop.Path,
            ["XDG_DATA_HOME"] = laptop.Combine("xdg"),
            ["MCPGATE_HOME"] = null,
            ["MCPGATE_POLICIES"] = null,
        });

    private async Task<string> ProposeAsync(string name, int replicas, CancellationToken ct)
    {
        var proposal = await gate.Client.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = name,
            ["replicas"] = replicas,
            ["reason"] = "approval API end to end",
        }, cancellationToken: ct);
        return proposal.GetProperty("changeId").GetString()!;
    }

    /// <summary>The gate with its approval API; the agent is also an approver, so its own approval is the requester's.</summary>
    public sealed class Gate : IAsyncLifetime
    {
        public const string Agent = "deployer";

        private readonly TempDirectory _temp = new("mcpgate-api-e2e-");

        public McpClient Client { get; private set; } = null!;

        public string DataDir => _temp.Combine("data");

        public string AliceKey => _temp.Combine("alice.pem");

        public string BobKey => _temp.Combine("bob.pem");

        public string AgentKey => _temp.Combine("deployer.pem");

        public string OutsiderKey => _temp.Combine("outsider.pem");

        public Uri ApiUrl { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var alice = await GateFixture.GenerateKeyAsync("alice", AliceKey);
            var bob = await GateFixture.GenerateKeyAsync("bob", BobKey);
            var agent = await GateFixture.GenerateKeyAsync(Agent, AgentKey);
            await GateFixture.GenerateKeyAsync("outsider", OutsiderKey);
            var policies = _temp.CopyPolicies(("approvers.yaml", $"approvers:\n{alice}\n{bob}\n{agent}\n"));
            Client = await McpGateClient.StartAsync(["--sandbox", "--data-dir", DataDir, "--policies", policies, "--agent", Agent, "--approvals-listen", "127.0.0.1:0", "--log-level", "Warning"]);
            ApiUrl = await PublishedUrlAsync(DataDir);
        }

        public async Task DisposeAsync()
        {
            if (Client is not null)
            {
                await Client.DisposeAsync();
            }

            _temp.Dispose();
        }

        /// <summary>The URL the gate published in its data directory, polled until it is there (60 s).</summary>
        public static async Task<Uri> PublishedUrlAsync(string dataDir)
        {
            var path = Path.Combine(dataDir, "approvals-api.json");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (true)
            {
                if (File.Exists(path) && JsonNode.Parse(await File.ReadAllTextAsync(path, timeout.Token))?["url"]?.GetValue<string>() is { } url)
                {
                    return new Uri(url);
                }

                await Task.Delay(50, timeout.Token);
            }
        }
    }
}
