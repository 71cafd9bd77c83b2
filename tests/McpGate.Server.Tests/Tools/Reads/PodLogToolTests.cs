using System.Text;
using McpGate.Core.Reads;

namespace McpGate.Server.Tests.Tools.Reads;

public sealed class PodLogToolTests(TriageGate triage) : IClassFixture<TriageGate>
{
    private ModelContextProtocol.Client.McpClient Client => triage.Gate.Client;

    [Fact]
    public async Task PodsLog_CrashLoopingPodPrevious_GivesTheCrash()
    {
        var (text, log) = await Client.ReadAsync("pods_log", new() { ["namespace"] = TriageGate.Namespace, ["name"] = "crasher", ["previous"] = true });

        text.Should().StartWith("log of container app of pod crasher in namespace triage (previous instance) on cluster sandbox:");
        text.Should().Contain("FATAL exiting: required dependency unavailable (exit code 1)");
        log.GetProperty("previous").GetBoolean().Should().BeTrue();
        log.GetProperty("container").GetString().Should().Be("app");
        log.GetProperty("truncated").GetBoolean().Should().BeFalse();
        log.GetProperty("log").GetString().Should().Contain("ERROR failed to connect to database");
    }

    [Fact]
    public async Task PodsLog_RunningPod_DefaultsToTheLast200Lines()
    {
        var pod = await WebPodAsync();

        var (text, log) = await Client.ReadAsync("pods_log", new() { ["namespace"] = "demo", ["name"] = pod });

        text.Should().Contain("(last 200 lines)").And.Contain("nginx");
        log.GetProperty("tailLines").GetInt32().Should().Be(ReadLimits.DefaultLogTailLines);
        log.GetProperty("limitBytes").GetInt32().Should().Be(ReadLimits.DefaultLogBytes);
    }

    [Fact]
    public async Task PodsLog_TailLines_ReturnsThatManyLines()
    {
        var pod = await WebPodAsync();

        var (_, log) = await Client.ReadAsync("pods_log", new() { ["namespace"] = "demo", ["name"] = pod, ["tail_lines"] = 2 });

        log.GetProperty("lines").GetInt32().Should().Be(2);
        log.GetProperty("log").GetString()!.TrimEnd('\n').Split('\n').Should().HaveCount(2);
    }

    [Fact]
    public async Task PodsLog_HugeLog_CutAtTheDefaultCapOnAWholeLine()
    {
        var (text, log) = await Client.ReadAsync("pods_log", new() { ["namespace"] = TriageGate.Namespace, ["name"] = "chatty", ["tail_lines"] = 10000 });

        log.GetProperty("truncated").GetBoolean().Should().BeTrue();
        var body = log.GetProperty("log").GetString()!;
        Encoding.UTF8.GetByteCount(body).Should().BeInRange(ReadLimits.DefaultLogBytes - 1024, ReadLimits.DefaultLogBytes, "cut at the last whole line under the cap");
        body.Should().EndWith("\n");
        text.Should().Contain($"Cut at {ReadLimits.DefaultLogBytes} bytes").And.Contain("tail_lines");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(333)]
    public async Task PodsLog_LongerThanLimitBytes_IsCutAtTheCapWithANoteOnNarrowing(int limit)
    {
        var pod = await WebPodAsync();

        var (text, log) = await Client.ReadAsync("pods_log", new() { ["namespace"] = "demo", ["name"] = pod, ["limit_bytes"] = limit });

        log.GetProperty("truncated").GetBoolean().Should().BeTrue();
        log.GetProperty("limitBytes").GetInt32().Should().Be(limit);
        Encoding.UTF8.GetByteCount(log.GetProperty("log").GetString()!).Should().BeLessThanOrEqualTo(limit);
        log.GetProperty("bytes").GetInt32().Should().BeLessThanOrEqualTo(limit);
        text.Should().Contain($"Cut at {limit} bytes").And.Contain("tail_lines").And.Contain("since_seconds");
        log.GetProperty("note").GetString().Should().Contain("tail_lines");
    }

    [Fact]
    public async Task PodsLog_LimitBytesAboveTheHardCap_IsRefusedNamingTheField()
    {
        var pod = await WebPodAsync();

        var error = await Client.FailAsync("pods_log", new() { ["namespace"] = "demo", ["name"] = pod, ["limit_bytes"] = ReadLimits.DefaultLogBytes + 1 });

        error.Should().Contain("limit_bytes");
    }

    [Fact]
    public async Task PodsLog_PreviousOfANeverRestartedContainer_SaysThereIsNone()
    {
        var error = await Client.FailAsync("pods_log", new() { ["namespace"] = TriageGate.Namespace, ["name"] = "duo", ["container"] = "app", ["previous"] = true });

        error.Should().Be("container app of pod duo in namespace triage has no previous instance: it has not restarted (restartCount 0). Call without previous for its current log.");
    }

    [Fact]
    public async Task PodsLog_SeveralContainersAndNoneNamed_ListsThem()
    {
        var error = await Client.FailAsync("pods_log", new() { ["namespace"] = TriageGate.Namespace, ["name"] = "duo" });

        error.Should().Be("pod duo in namespace triage has 2 containers: app, helper. Give container to choose one.");
    }

    [Fact]
    public async Task PodsLog_SeveralContainersOneNamed_ReadsThatOne()
    {
        var (_, log) = await Client.ReadAsync("pods_log", new() { ["namespace"] = TriageGate.Namespace, ["name"] = "duo", ["container"] = "helper" });

        log.GetProperty("container").GetString().Should().Be("helper");
        log.GetProperty("log").GetString().Should().Contain("starting worker version=1.0");
    }

    [Fact]
    public async Task PodsLog_UnknownContainer_ListsTheRealOnes()
    {
        var error = await Client.FailAsync("pods_log", new() { ["namespace"] = TriageGate.Namespace, ["name"] = "duo", ["container"] = "sidecar" });

        error.Should().Be("pod duo in namespace triage has no container sidecar; its containers: app, helper.");
    }

    [Fact]
    public async Task PodsLog_ImagePullFailing_SaysItNeverStartedAndWhy()
    {
        var error = await Client.FailAsync("pods_log", new() { ["namespace"] = TriageGate.Namespace, ["name"] = "puller" });

        error.Should().MatchRegex(@"^container app of pod puller in namespace triage has not started yet \((ErrImagePull|ImagePullBackOff)")
            .And.Contain("events_list");
    }

    [Fact]
    public async Task PodsLog_MissingPod_NamesTheNearest()
    {
        var error = await Client.FailAsync("pods_log", new() { ["namespace"] = TriageGate.Namespace, ["name"] = "crashe" });

        error.Should().Contain("pod crashe was not found in namespace triage").And.Contain("crasher");
    }

    [Fact]
    public async Task PodsLog_NeverReturnsEnvironmentValues()
    {
        var (text, log) = await Client.ReadAsync("pods_log", new() { ["namespace"] = TriageGate.Namespace, ["name"] = "crasher", ["previous"] = true });

        (text + log.GetRawText()).Should().NotContain(TriageGate.SecretValue);
    }

    private async Task<string> WebPodAsync()
    {
        var (_, list) = await Client.ReadAsync("pods_list", new() { ["namespace"] = "demo", ["label_selector"] = "app=web", ["limit"] = 1 });
        return list.GetProperty("pods").Names().Single();
    }
}
