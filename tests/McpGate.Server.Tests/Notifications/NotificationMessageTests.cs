using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using McpGate.Core.Notifications;
using McpGate.Server.Notifications;

namespace McpGate.Server.Tests.Notifications;

public sealed class NotificationMessageTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, NotificationEvent?> Events => new()
    {
        { "pending_approval", NotificationEvent.Pending },
        { "approval_submitted", NotificationEvent.Decision },
        { "verified", NotificationEvent.Final },
        { "verification_failed", NotificationEvent.Final },
        { "rejected", NotificationEvent.Final },
        { "expired", NotificationEvent.Final },
        { "cancelled", NotificationEvent.Final },
        { "denied", NotificationEvent.Final },
        { "failed", NotificationEvent.Final },
        { "proposed", null },
        { "proven", null },
        { "approved", null },
        { "executing", null },
        { "approvals_counted", null },
        { "claim_taken_over", null },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void EventOf_MapsLedgerEventsToNotifications(string eventType, NotificationEvent? expected) =>
        NotificationMessage.EventOf(Entry(eventType, "{}")).Should().Be(expected);

    [Fact]
    public void Build_AgentTextWithSlackMarkup_CannotMentionOrLink()
    {
        const string hostile = "<!channel> <https://evil.example/|click here> <@U0123> & \u001b[2J\u202e";
        var change = Change(hostile);

        var body = NotificationMessage.Build(Entry("pending_approval", "{}"), NotificationEvent.Pending, change, "0 of 1 approvals, needs one more from group sre");

        var slack = new[] { body["text"]!.GetValue<string>() }
            .Concat(Texts(body["blocks"]!))
            .ToList();
        slack.Should().NotBeEmpty();
        slack.Should().OnlyContain(t => !t.Contains("<!", StringComparison.Ordinal) && !t.Contains("<http", StringComparison.Ordinal) && !t.Contains("<@", StringComparison.Ordinal));
        slack.Should().OnlyContain(t => !t.Contains('\u001b') && !t.Contains('\u202e'));
        body["text"]!.GetValue<string>().Should().Contain("&lt;!channel&gt; &lt;https://evil.example/|click here&gt; &lt;@U0123&gt; &amp; \\u001b[2J\\u202e");
        body["summary"]!.GetValue<string>().Should().Be("<!channel> <https://evil.example/|click here> <@U0123> & \\u001b[2J\\u202e", "the JSON field is data: escaped for terminals, not for Slack");
    }

    [Fact]
    public void Build_Decision_NamesTheApproverAndLeavesTheEnvelopeOut()
    {
        var payload = new JsonObject { ["identity"] = "alice", ["decision"] = "reject", ["keyId"] = "abc", ["envelope"] = "{\"signatures\":[{\"sig\":\"SIGNATURE\"}]}" };

        var body = NotificationMessage.Build(Entry("approval_submitted", payload.ToJsonString()), NotificationEvent.Decision, Change("demo/web: replicas 2 -> 5"), null);

        body["decision"]!.ToJsonString().Should().Be("""{"approver":"alice","decision":"reject"}""");
        body["text"]!.GetValue<string>().Should().StartWith("McpGate: alice rejected change `chg-000000000001`");
        body.ToJsonString().Should().NotContain("SIGNATURE").And.NotContain("keyId").And.NotContain("\"replicas\":5");
        body.ContainsKey("quorum").Should().BeFalse();
    }

    [Fact]
    public void Signature_IsHmacSha256OverTimestampDotBody()
    {
        var key = Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef");
        var body = "{\"a\":1}"u8.ToArray();

        var signature = NotificationSignature.Sign(key, 1764590400, body);

        // openssl: printf '1764590400.{"a":1}' | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef
        signature.Should().Be("sha256=7559574e4b9b73e53d58a53e56a039af9331865ee3c8a8be819648ec3dad7b3d");
        NotificationSignature.Verify(key, 1764590400, body, signature).Should().BeTrue();
        NotificationSignature.Verify(key, 1764590401, body, signature).Should().BeFalse("the timestamp is signed");
        NotificationSignature.Verify(key, 1764590400, "{\"a\":2}"u8, signature).Should().BeFalse();
    }

    private static IEnumerable<string> Texts(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "text" && p.Value is JsonValue v ? [v.GetValue<string>()] : p.Value is null ? [] : Texts(p.Value)),
        JsonArray a => a.SelectMany(n => n is null ? [] : Texts(n)),
        _ => [],
    };

    private static LedgerEntry Entry(string eventType, string payload) => new()
    {
        Sequence = 7,
        ChangeId = "chg-000000000001",
        EventType = eventType,
        PayloadJson = payload,
        Time = At,
        PreviousHash = McpGate.Core.Crypto.Sha256Digest.Compute([]),
        EntryHash = McpGate.Core.Crypto.Sha256Digest.Compute([]),
    };

    private static ChangeDocument Change(string summary) => new()
    {
        Id = "chg-000000000001",
        Tool = "scale_deployment",
        State = ChangeState.PendingApproval,
        Requester = "agent",
        Reason = "test",
        Cluster = "sandbox",
        Target = new ChangeTarget { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" },
        Arguments = new JsonObject { ["replicas"] = 5 },
        Patch = new JsonObject(),
        Summary = summary,
        CreatedAt = At,
    };
}
