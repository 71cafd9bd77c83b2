using System.Text.Json.Nodes;
using McpGate.Core.Reads.Events;

namespace McpGate.Core.Tests.Reads.Events;

public sealed class EventGroupsTests
{
    [Fact]
    public void Collapse_SameObjectReasonMessage_IsOneLineWithCountsSummedAndTimesWidened()
    {
        var groups = EventGroups.Collapse(
        [
            Event("Warning", "BackOff", "Back-off restarting failed container", "api-1", count: 3, first: "10:00:00", last: "10:05:00"),
            Event("Warning", "BackOff", "Back-off restarting failed container", "api-1", count: 2, first: "09:50:00", last: "10:02:00"),
            Event("Warning", "BackOff", "Back-off restarting failed container", "api-2", count: 1, first: "10:01:00", last: "10:01:00"),
        ]);

        groups.Should().HaveCount(2);
        var api1 = groups.Single(g => g.ObjectName == "api-1");
        api1.Count.Should().Be(5);
        api1.FirstSeen.Should().Be(At("09:50:00"));
        api1.LastSeen.Should().Be(At("10:05:00"));
        api1.Involved.Should().Be("pod/api-1");
    }

    [Fact]
    public void Collapse_OrdersWarningsFirst_ThenMostRecent()
    {
        var groups = EventGroups.Collapse(
        [
            Event("Normal", "Pulled", "pulled", "a", last: "10:09:00"),
            Event("Warning", "Failed", "old failure", "b", last: "10:00:00"),
            Event("Normal", "Started", "started", "c", last: "10:10:00"),
            Event("Warning", "BackOff", "recent back-off", "d", last: "10:08:00"),
        ]);

        groups.Select(g => g.Reason).Should().Equal("BackOff", "Failed", "Started", "Pulled");
    }

    [Theory]
    [InlineData("""{"reason":"X","message":"m","involvedObject":{"kind":"Pod","name":"p"}}""", 1L)]
    [InlineData("""{"reason":"X","message":"m","count":0,"involvedObject":{"kind":"Pod","name":"p"}}""", 1L)]
    [InlineData("""{"reason":"X","message":"m","series":{"count":7,"lastObservedTime":"2026-11-30T10:00:00Z"},"eventTime":"2026-11-30T09:00:00Z","regarding":{"kind":"Pod","name":"p"}}""", 7L)]
    public void Read_CountFromCountOrSeries_AtLeastOne(string json, long count)
    {
        var group = EventGroups.Read(JsonNode.Parse(json)!.AsObject());

        group.Count.Should().Be(count);
        group.ObjectName.Should().Be("p");
        group.Type.Should().Be("Normal", "an event without a type reads as Normal");
    }

    [Fact]
    public void Read_NewStyleEvent_TakesEventTimeAndSeries()
    {
        var group = EventGroups.Read(JsonNode.Parse("""{"reason":"X","note":"n","series":{"count":2,"lastObservedTime":"2026-11-30T10:00:00Z"},"eventTime":"2026-11-30T09:00:00Z","reportingComponent":"kubelet","regarding":{"kind":"Pod","name":"p","namespace":"ns"}}""")!.AsObject());

        group.FirstSeen.Should().Be(DateTimeOffset.Parse("2026-11-30T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        group.LastSeen.Should().Be(DateTimeOffset.Parse("2026-11-30T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        group.Message.Should().Be("n");
        group.Source.Should().Be("kubelet");
        group.Namespace.Should().Be("ns");
    }

    [Fact]
    public void Collapse_MessageWithAPrivateKey_IsRedacted()
    {
        var groups = EventGroups.Collapse([Event("Warning", "Failed", "config: -----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----", "p")]);

        groups.Single().Message.Should().Contain("<redacted private key>").And.NotContain("MIIB");
    }

    [Fact]
    public void Collapse_SameReasonDifferentMessages_StayApart()
    {
        var groups = EventGroups.Collapse(
        [
            Event("Warning", "Failed", "Failed to pull image \"a\"", "p"),
            Event("Warning", "Failed", "Error: ImagePullBackOff", "p"),
        ]);

        groups.Should().HaveCount(2);
    }

    private static DateTimeOffset At(string time) =>
        DateTimeOffset.Parse($"2026-11-30T{time}Z", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject Event(string type, string reason, string message, string pod, long count = 1, string first = "10:00:00", string? last = null) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = $"{pod}.{reason}", ["namespace"] = "prod" },
        ["type"] = type,
        ["reason"] = reason,
        ["message"] = message,
        ["count"] = count,
        ["firstTimestamp"] = $"2026-11-30T{first}Z",
        ["lastTimestamp"] = $"2026-11-30T{last ?? first}Z",
        ["involvedObject"] = new JsonObject { ["kind"] = "Pod", ["name"] = pod, ["namespace"] = "prod" },
        ["source"] = new JsonObject { ["component"] = "kubelet" },
    };
}
