using System.Text.Json;

namespace McpGate.Server.Tests.Tools.Reads;

public sealed class EventsToolTests(TriageGate triage) : IClassFixture<TriageGate>
{
    private ModelContextProtocol.Client.McpClient Client => triage.Gate.Client;

    [Fact]
    public async Task EventsList_Namespace_WarningsFirstThenMostRecent()
    {
        var (text, data) = await Client.ReadAsync("events_list", new() { ["namespace"] = TriageGate.Namespace });

        text.Split('\n')[1].Should().MatchRegex(@"^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+COUNT\s+MESSAGE$");
        var events = data.GetProperty("events").EnumerateArray().ToList();
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        types.Should().Contain("Warning").And.Contain("Normal");
        types.SkipWhile(t => t == "Warning").Should().OnlyContain(t => t == "Normal", "warnings come first");
        foreach (var run in new[] { events.Where(e => e.GetProperty("type").GetString() == "Warning"), events.Where(e => e.GetProperty("type").GetString() == "Normal") })
        {
            run.Select(e => e.GetProperty("lastSeen").GetString()).Should().BeInDescendingOrder(StringComparer.Ordinal);
        }

        events.Select(e => (e.GetProperty("reason").GetString(), e.GetProperty("object").GetString()))
            .Should().Contain([("BackOff", "pod/crasher"), ("FailedScheduling", "pod/stuck")]);
        events.Should().Contain(e => e.GetProperty("object").GetString() == "pod/puller" && e.GetProperty("reason").GetString() == "Failed");
        data.GetProperty("warnings").GetInt32().Should().Be(events.Count(e => e.GetProperty("type").GetString() == "Warning"));
    }

    [Fact]
    public async Task EventsList_RepeatsOfOneEvent_AreOneLineWithCountsSummed()
    {
        var (text, data) = await Client.ReadAsync("events_list", new() { ["namespace"] = TriageGate.Namespace, ["involved_kind"] = "Pod", ["involved_name"] = "duo" });

        var probe = data.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("reason").GetString() == "ProbeWarning").ToList();
        probe.Should().ContainSingle();
        probe[0].GetProperty("count").GetInt64().Should().Be(5);
        probe[0].GetProperty("firstSeen").GetString().Should().Be("2026-01-01T00:00:00Z");
        probe[0].GetProperty("lastSeen").GetString().Should().Be("2026-01-01T00:05:00Z");
        text.Should().MatchRegex(@"Warning\s+ProbeWarning\s+pod/duo\s+5\s+Readiness probe warning: slow response");
        data.GetProperty("events").EnumerateArray()
            .GroupBy(e => (e.GetProperty("object").GetString(), e.GetProperty("reason").GetString(), e.GetProperty("message").GetString()))
            .Should().OnlyContain(g => g.Count() == 1, "no two lines say the same thing about the same object");
    }

    [Theory]
    [InlineData("Pod")]
    [InlineData("pod")]
    [InlineData("po")]
    [InlineData("pods")]
    public async Task EventsList_InvolvedObject_OnlyItsEvents_AnyKindSpelling(string kind)
    {
        var (text, data) = await Client.ReadAsync("events_list", new() { ["namespace"] = TriageGate.Namespace, ["involved_kind"] = kind, ["involved_name"] = "crasher" });

        var events = data.GetProperty("events").EnumerateArray().ToList();
        events.Should().NotBeEmpty().And.OnlyContain(e => e.GetProperty("object").GetString() == "pod/crasher");
        events[0].GetProperty("type").GetString().Should().Be("Warning");
        events.Select(e => e.GetProperty("reason").GetString()).Should().Contain(["BackOff", "Scheduled"]);
        data.GetProperty("involvedKind").GetString().Should().Be("Pod");
        text.Should().Contain("about pod/crasher in namespace triage");
    }

    [Fact]
    public async Task EventsList_UnknownKind_NamesTheNearest()
    {
        var error = await Client.FailAsync("events_list", new() { ["namespace"] = TriageGate.Namespace, ["involved_kind"] = "Podd", ["involved_name"] = "crasher" });

        error.Should().Contain("serves no kind \"Podd\"").And.Contain("Pod");
    }

    [Fact]
    public async Task EventsList_AllNamespaces_HasANamespaceColumn()
    {
        var (text, data) = await Client.ReadAsync("events_list", new() { ["limit"] = 500 });

        text.Split('\n')[1].Should().MatchRegex(@"^NAMESPACE\s+LAST SEEN\s+TYPE");
        data.GetProperty("namespace").ValueKind.Should().Be(JsonValueKind.Null);
        data.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("namespace").GetString()).Distinct()
            .Should().Contain([TriageGate.Namespace, "prod"]);
    }

    [Fact]
    public async Task EventsList_Limit_ShowsFewerAndSaysHowToNarrow()
    {
        var (text, data) = await Client.ReadAsync("events_list", new() { ["namespace"] = TriageGate.Namespace, ["limit"] = 2 });

        data.GetProperty("events").GetArrayLength().Should().Be(2);
        data.GetProperty("truncated").GetBoolean().Should().BeTrue();
        data.GetProperty("distinct").GetInt32().Should().BeGreaterThan(2);
        text.Should().Contain("Showing 2 of").And.Contain("involved_kind and involved_name");
    }

    [Fact]
    public async Task EventsList_EmptyNamespace_SaysThereAreNone()
    {
        var (text, data) = await Client.ReadAsync("events_list", new() { ["namespace"] = TriageGate.EmptyNamespace });

        data.GetProperty("events").GetArrayLength().Should().Be(0);
        text.Should().Contain("No events.");
    }

    [Fact]
    public async Task EventsList_UnknownNamespace_SaysItDoesNotExist()
    {
        var error = await Client.FailAsync("events_list", new() { ["namespace"] = "triag" });

        error.Should().Contain("namespace triag does not exist on cluster sandbox");
    }
}
