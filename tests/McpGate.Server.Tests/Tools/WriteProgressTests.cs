using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Testing.Mcp;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGate.Server.Tests.Tools;

/// <summary>A write called with a progress token reports the stages it passes before it answers; without one it sends nothing.</summary>
public sealed class WriteProgressTests
{
    [Fact]
    public async Task Write_WithProgressToken_ReportsProvingDecisionAndPendingApproval()
    {
        await using var gate = await InMemoryGate.StartAsync();
        await using var progress = new ProgressLog(gate.Client);

        var id = await ScaleAsync(gate.Client, 3, "write-1");

        var reports = await progress.WaitForAsync("write-1", 3);
        reports.Select(r => r.Progress).Should().Equal(1, 2, 3);
        reports.Should().OnlyContain(r => r.Total == 3);
        reports[0].Message.Should().Be("scale_deployment: proving (reading the target, dry run, checks, signing the proof)");
        reports[1].Message.Should().Be($"{id}: policy decision: allowed by rule demo-scaling, 1 approval(s) required");
        reports[2].Message.Should().StartWith($"{id}: pending_approval, waiting for a human to approve it outside this conversation");
    }

    [Fact]
    public async Task DeniedWrite_WithProgressToken_ReportsTheDenialAsItsLastStage()
    {
        await using var gate = await InMemoryGate.StartAsync();
        await using var progress = new ProgressLog(gate.Client);

        var id = await ScaleAsync(gate.Client, 50, "write-2");

        (await progress.WaitForAsync("write-2", 3)).Select(r => r.Message).Should().Equal(
            "scale_deployment: proving (reading the target, dry run, checks, signing the proof)",
            $"{id}: policy decision: denied (constraint_failed)",
            $"{id}: denied");
    }

    [Fact]
    public async Task Write_WithoutProgressToken_SendsNoProgress()
    {
        await using var gate = await InMemoryGate.StartAsync();
        await using var progress = new ProgressLog(gate.Client);

        await ScaleAsync(gate.Client, 3, token: null);
        await ScaleAsync(gate.Client, 4, "after");

        // The second call's reports come after any the first could have sent on the same stream.
        await progress.WaitForAsync("after", 3);
        progress.Count.Should().Be(3);
    }

    private static async Task<string> ScaleAsync(McpClient client, int replicas, string? token)
    {
        var result = await client.CallToolAsync(new CallToolRequestParams
        {
            Name = "scale_deployment",
            Arguments = new Dictionary<string, JsonElement>
            {
                ["namespace"] = JsonSerializer.SerializeToElement("demo"),
                ["name"] = JsonSerializer.SerializeToElement("web"),
                ["replicas"] = JsonSerializer.SerializeToElement(replicas),
                ["reason"] = JsonSerializer.SerializeToElement("progress test"),
            },
            Meta = token is null ? null : new JsonObject { ["progressToken"] = token },
        });
        result.IsError.Should().NotBe(true, McpGateClient.TextOf(result));
        return result.StructuredContent!.Value.GetProperty("changeId").GetString()!;
    }

    /// <summary>
    /// Every notifications/progress the client receives, kept after the call answers: the client hands
    /// notifications over concurrently, so they may be handled after the answer and in any order.
    /// </summary>
    private sealed class ProgressLog : IAsyncDisposable
    {
        private readonly List<ProgressNotificationParams> _received = [];
        private readonly IAsyncDisposable _registration;

        public ProgressLog(McpClient client) =>
            _registration = client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (n, _) =>
            {
                var value = JsonSerializer.Deserialize<ProgressNotificationParams>(n.Params, McpJsonUtilities.DefaultOptions)!;
                lock (_received)
                {
                    _received.Add(value);
                }

                return ValueTask.CompletedTask;
            });

        public int Count
        {
            get
            {
                lock (_received)
                {
                    return _received.Count;
                }
            }
        }

        /// <summary>The <paramref name="count"/> reports for <paramref name="token"/> in stage order, polled with a deadline.</summary>
        public async Task<List<ProgressNotificationValue>> WaitForAsync(string token, int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                lock (_received)
                {
                    var mine = _received.Where(p => p.ProgressToken.ToString() == token).ToList();
                    if (mine.Count >= count)
                    {
                        return [.. mine.Select(p => p.Progress).OrderBy(p => p.Progress)];
                    }
                }

                await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
            }
        }

        public ValueTask DisposeAsync() => _registration.DisposeAsync();
    }
}
