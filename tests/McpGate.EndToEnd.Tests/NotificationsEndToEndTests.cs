using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Testing.Files;
using McpGate.Testing.Http;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;
using Microsoft.Data.Sqlite;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// Notifications from <c>mcpgate serve --sandbox</c> as a process, configured by <c>notifiers.yaml</c>
/// in its policy directory, to a real receiver on 127.0.0.1, with the approval written by the CLI in
/// another process; then <c>mcpgate audit notifications</c>; and a start refused for a missing key.
/// </summary>
public sealed class NotificationsEndToEndTests : IAsyncLifetime
{
    private const string Secret = "e2e-hmac-key-6f1d0c2b9a8e7d6c5b4a";
    private const string SecretVariable = "MCPGATE_E2E_HOOK_KEY";

    private readonly TempDirectory _temp = new("mcpgate-notify-e2e-");
    private string _approvers = null!;

    private string DataDir => _temp.Combine("data");

    private string AliceKey => _temp.Combine("alice.pem");

    public async Task InitializeAsync() => _approvers = $"approvers:\n{await GateFixture.GenerateKeyAsync("alice", AliceKey)}\n";

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Serve_NotifiesPendingDecisionAndFinal_SignedAndRecorded()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var policies = _temp.CopyPolicies(("approvers.yaml", _approvers), ("notifiers.yaml", $"""
            notifiers:
              - name: chat
                type: webhook
                url: {receiver.Url}
                secretEnv: {SecretVariable}
            """));
        var stderr = new ConcurrentQueue<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        string changeId;
        var bodies = new List<JsonObject>();
        await using (var client = await McpGateClient.StartAsync(
            ["--sandbox", "--data-dir", DataDir, "--policies", policies, "--agent", GateFixture.Agent, "--log-level", "Information"],
            new Dictionary<string, string?> { [SecretVariable] = Secret }, stderr.Enqueue, timeout.Token))
        {
            var proposal = await client.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 6, ["reason"] = "notification test" }, cancellationToken: timeout.Token);
            changeId = proposal.GetProperty("changeId").GetString()!;
            bodies.Add(Verify(await receiver.NextAsync(TimeSpan.FromSeconds(60))));

            var approve = await McpGateCli.RunAsync(["approvals", "approve", changeId, "--key", AliceKey, "--data-dir", DataDir, "--policies", policies], cancellationToken: timeout.Token);
            approve.ExitCode.Should().Be(0, approve.ToString());
            bodies.Add(Verify(await receiver.NextAsync(TimeSpan.FromSeconds(60))));
            bodies.Add(Verify(await receiver.NextAsync(TimeSpan.FromSeconds(120))));

            // The receiver has the last body before the gate has its answer and records the attempt: the
            // session stays open until the third attempt is recorded (a delivery cut by the stop is sent
            // again after a restart, by design, and would be recorded then).
            await WaitForAttemptsAsync(changeId, 3, timeout.Token);
        }

        bodies.Select(b => (b["event"]!.GetValue<string>(), b["state"]!.GetValue<string>())).Should().Equal(
            ("pending", "pending_approval"), ("decision", "pending_approval"), ("final", "verified"));
        bodies.Should().OnlyContain(b => b["changeId"]!.GetValue<string>() == changeId && b["text"] != null && b["blocks"] != null);
        bodies[1]["decision"]!["approver"]!.GetValue<string>().Should().Be("alice", "the decision the CLI wrote in another process");

        var audit = await McpGateCli.RunAsync(["audit", "notifications", "--data-dir", DataDir, "--change", changeId, "--json"]);
        audit.ExitCode.Should().Be(0, audit.ToString());
        var attempts = JsonNode.Parse(audit.StandardOutput)!.AsArray();
        attempts.Select(a => (a!["event"]!.GetValue<string>(), a["outcome"]!.GetValue<string>(), a["status"]!.GetValue<int>())).Should().Equal(
            ("pending", "delivered", 200), ("decision", "delivered", 200), ("final", "delivered", 200));
        var table = await McpGateCli.RunAsync(["audit", "notifications", "--data-dir", DataDir]);
        table.StandardOutput.Should().Contain("NOTIFIER").And.Contain("chat").And.Contain(changeId);
        (await McpGateCli.RunAsync(["ledger", "verify", "--data-dir", DataDir])).ExitCode.Should().Be(0, "notification attempts are beside the chain, not in it");

        string.Join('\n', stderr).Should().Contain("Notifier chat (webhook to http://127.0.0.1:").And.NotContain(Secret).And.NotContain("path-secret");
        foreach (var file in Directory.EnumerateFiles(DataDir))
        {
            (await File.ReadAllTextAsync(file, Encoding.Latin1)).Should().NotContain(Secret, $"{file} holds no key");
        }
    }

    private async Task WaitForAttemptsAsync(string changeId, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var audit = await McpGateCli.RunAsync(["audit", "notifications", "--data-dir", DataDir, "--change", changeId, "--json"], cancellationToken: cancellationToken);
            if (audit.ExitCode == 0 && JsonNode.Parse(audit.StandardOutput)!.AsArray().Count >= count)
            {
                return;
            }

            await Task.Delay(200, cancellationToken); // the poll interval of this wait
        }
    }

    [Fact]
    public async Task Serve_KeyVariableUnset_RefusesToStartNamingIt()
    {
        var policies = _temp.CopyPolicies(("approvers.yaml", _approvers), ("notifiers.yaml", $"notifiers:\n  - {{ name: chat, type: webhook, url: 'https://hooks.example.com/x', secretEnv: {SecretVariable} }}\n"));

        var serve = await McpGateCli.RunAsync(["serve", "--sandbox", "--data-dir", DataDir, "--policies", policies]);

        serve.ExitCode.Should().NotBe(0, serve.ToString());
        serve.StandardError.Should().Contain($"notifier 'chat' ({Path.Combine(policies, "notifiers.yaml")}:2:5): secretEnv: environment variable {SecretVariable} is not set");
    }

    [Fact]
    public async Task PolicyCheck_BadNotifiersFile_NamesFileFieldAndRule()
    {
        var policies = _temp.CopyPolicies(("approvers.yaml", _approvers), ("notifiers.yaml", "notifiers:\n  - { name: chat, type: webhook, url: 'http://hooks.example.com/x', secretEnv: K }\n"));

        var check = await McpGateCli.RunAsync(["policy", "check", policies]);

        check.ExitCode.Should().Be(1, check.ToString());
        check.StandardOutput.Should().Contain($"{Path.Combine(policies, "notifiers.yaml")}:2:39: notifiers[0].url: must use https; plain http is allowed to a loopback address only");
    }

    /// <summary>The signature as a receiver checks it: HMAC-SHA256 of timestamp, '.', body, with the shared key.</summary>
    private static JsonObject Verify(ReceivedRequest request)
    {
        var timestamp = request.Headers["X-McpGate-Timestamp"];
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(timestamp + ".").Concat(request.Body).ToArray()));
        request.Headers["X-McpGate-Signature"].Should().Be(expected);
        long.Parse(timestamp, CultureInfo.InvariantCulture).Should().BePositive();
        return JsonNode.Parse(request.Body)!.AsObject();
    }
}
