using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Api;

/// <summary>GET pods/NAME/log options as the API server and kubelet apply them, on a manual clock so line times are exact.</summary>
public sealed class PodLogsTests : ManualClockSandboxTest
{
    private const string Pods = "/api/v1/namespaces/demo/pods";

    public PodLogsTests(ManualClockSandboxFixture fixture)
        : base(fixture)
    {
    }

    public static TheoryData<string, HttpStatusCode, string> BadOptions => new()
    {
        { "sinceSeconds=10&sinceTime=2026-01-01T00:00:00Z", HttpStatusCode.UnprocessableEntity, "is invalid: sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified" },
        { "sinceSeconds=0", HttpStatusCode.UnprocessableEntity, "is invalid: sinceSeconds: Invalid value: 0: must be greater than 0" },
        { "tailLines=-1", HttpStatusCode.UnprocessableEntity, "is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0" },
        { "limitBytes=0", HttpStatusCode.UnprocessableEntity, "is invalid: limitBytes: Invalid value: 0: must be greater than 0" },
        { "sinceSeconds=abc", HttpStatusCode.BadRequest, "strconv.ParseInt: parsing \"abc\": invalid syntax" },
        { "sinceTime=yesterday", HttpStatusCode.BadRequest, "parsing time \"yesterday\"" },
    };

    [Fact]
    public async Task Log_SinceSecondsAndSinceTime_KeepOnlyLinesNotOlderThanThem()
    {
        var started = await StartPodAsync("logs-since", "nginx:1.27", annotations: null);
        await Fixture.AdvanceAsync(TimeSpan.FromSeconds(300), Ct);

        var all = await LinesAsync("logs-since", "timestamps=true");
        var lastMinute = await LinesAsync("logs-since", "timestamps=true&sinceSeconds=60");
        var sinceTime = await LinesAsync("logs-since", "sinceTime=" + Uri.EscapeDataString(Format(started + TimeSpan.FromSeconds(250))));
        var beforeStart = await LinesAsync("logs-since", "sinceTime=" + Uri.EscapeDataString(Format(started - TimeSpan.FromHours(1))));
        var tailThenSince = await LinesAsync("logs-since", "tailLines=3&sinceSeconds=600");

        all.Should().HaveCount(6 + 30, "nginx's start-up, then a line every 10 s for 300 s");
        lastMinute.Should().HaveCount(7, "the lines at 240, 250 ... 300 s");
        lastMinute.Select(Time).Should().AllSatisfy(t => t.Should().BeOnOrAfter(Fixture.Clock.GetUtcNow() - TimeSpan.FromSeconds(60)));
        lastMinute.Should().Equal(all.TakeLast(7));
        sinceTime.Should().HaveCount(6);
        beforeStart.Should().HaveCount(36);
        tailThenSince.Should().HaveCount(3);
    }

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Log_InvalidOptions_AreRefusedNamingTheField(string query, HttpStatusCode expected, string message)
    {
        var pod = await SeededPodAsync();

        var (status, body) = await SandboxApi.SendAsync(Client, HttpMethod.Get, $"{Pods}/{pod}/log?{query}", cancellationToken: Ct);

        status.Should().Be(expected);
        body["message"]!.GetValue<string>().Should().Contain(message);
        if (expected == HttpStatusCode.UnprocessableEntity)
        {
            body["message"]!.GetValue<string>().Should().StartWith($"PodLogOptions \"{pod}\" is invalid");
        }
    }

    [Fact]
    public async Task Log_PreviousOfAContainerThatNeverRestarted_IsBadRequestWithTheServersMessage()
    {
        var pod = await SeededPodAsync();

        var (status, body) = await SandboxApi.SendAsync(Client, HttpMethod.Get, $"{Pods}/{pod}/log?previous=true", cancellationToken: Ct);

        status.Should().Be(HttpStatusCode.BadRequest);
        body["message"]!.GetValue<string>().Should().Be($"previous terminated container \"web\" in pod \"{pod}\" not found");
    }

    [Fact]
    public async Task Log_PreviousOfACrashLoopingContainer_EndsWithItsCrash()
    {
        await StartPodAsync("logs-crash", "ghcr.io/example/worker:crashloop", annotations: null);

        var previous = await LinesAsync("logs-crash", "previous=true");

        previous.Should().NotBeEmpty();
        previous[^1].Should().Contain("FATAL exiting: required dependency unavailable (exit code 1)");
        previous[^2].Should().Contain("ERROR failed to connect to database");
    }

    [Fact]
    public async Task Log_LogLinesAnnotation_MakesAHugeLogThatLimitBytesCuts()
    {
        await StartPodAsync("logs-huge", "ghcr.io/example/api:1.4.2", new JsonObject { ["sandbox.mcpgate.dev/log-lines"] = "100000" });
        await Fixture.AdvanceAsync(TimeSpan.FromMinutes(10), Ct);

        var whole = await TextAsync("logs-huge", string.Empty);
        var capped = await TextAsync("logs-huge", "limitBytes=65536");
        var tail = await LinesAsync("logs-huge", "tailLines=5&timestamps=true");

        whole.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(100_000);
        whole.Length.Should().BeGreaterThan(4_000_000);
        System.Text.Encoding.UTF8.GetByteCount(capped).Should().Be(65536);
        whole.Should().StartWith(capped);
        tail.Select(Time).Last().Should().Be(Fixture.Clock.GetUtcNow(), "the last line is written now");
    }

    private async Task<DateTimeOffset> StartPodAsync(string name, string image, JsonObject? annotations)
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["annotations"] = annotations },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }) },
        };
        var (status, body) = await SandboxApi.SendAsync(Client, HttpMethod.Post, Pods, pod, cancellationToken: Ct);
        status.Should().Be(HttpStatusCode.Created, body.ToJsonString());
        await Fixture.AdvanceAsync(ManualClockSandboxFixture.PodReadyDelay, Ct);
        return Fixture.Clock.GetUtcNow();
    }

    private async Task<string> SeededPodAsync() =>
        (string)(await SandboxApi.GetAsync(Client, Pods + "?labelSelector=app%3Dweb", Ct))["items"]![0]!["metadata"]!["name"]!;

    private async Task<string> TextAsync(string pod, string query)
    {
        using var response = await Client.GetAsync($"{Pods}/{pod}/log?{query}", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return text;
    }

    private async Task<List<string>> LinesAsync(string pod, string query) =>
        (await TextAsync(pod, query)).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static DateTimeOffset Time(string line) =>
        DateTimeOffset.Parse(line[..line.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
