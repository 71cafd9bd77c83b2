using McpGate.Server.Http;

namespace McpGate.Server.Tests.Http;

public sealed class McpRequestRulesTests
{
    [Theory]
    [InlineData("application/json, text/event-stream", true)]
    [InlineData("text/event-stream, application/json;q=0.5", true)]
    [InlineData("*/*", true)]
    [InlineData("application/*, text/*", true)]
    [InlineData("application/json", false)]
    [InlineData("text/event-stream", false)]
    [InlineData("application/json, text/event-stream;q=0", false)]
    [InlineData("text/html", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void AcceptsJsonAndEventStream_Table(string? accept, bool expected) =>
        McpRequestRules.AcceptsJsonAndEventStream(accept is null ? null : [accept]).Should().Be(expected);

    [Theory]
    [InlineData("text/event-stream", true)]
    [InlineData("*/*", true)]
    [InlineData("application/json, text/*", true)]
    [InlineData("application/json", false)]
    [InlineData("text/event-stream;q=0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void AcceptsEventStream_Table(string? accept, bool expected) =>
        McpRequestRules.AcceptsEventStream(accept is null ? null : [accept]).Should().Be(expected);

    [Theory]
    [InlineData(null, true)]
    [InlineData("2025-03-26", true)]
    [InlineData("2025-06-18", true)]
    [InlineData("2025-11-25", true)]
    [InlineData("2026-07-28", false)]
    [InlineData("2027-01-01", false)]
    public void HasSessions_Table(string? protocolVersion, bool expected) =>
        McpRequestRules.HasSessions(protocolVersion is null ? null : [protocolVersion]).Should().Be(expected);

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("Application/JSON; charset=UTF-8", true)]
    [InlineData("application/json; charset=latin1", false)]
    [InlineData("application/json; boundary=x", false)]
    [InlineData("application/jsonx", false)]
    [InlineData("text/plain", false)]
    [InlineData(null, false)]
    public void IsJsonContent_Table(string? contentType, bool expected) =>
        McpRequestRules.IsJsonContent(contentType).Should().Be(expected);

    [Theory]
    [InlineData(null, true)]
    [InlineData("http://localhost:6274", true)]
    [InlineData("HTTP://LOCALHOST:6274", true)]
    [InlineData("null", false)]
    [InlineData("http://localhost:6275", false)]
    [InlineData("http://localhost:6274.evil.example", false)]
    [InlineData("", false)]
    public void OriginAllowed_Table(string? origin, bool expected) =>
        McpRequestRules.OriginAllowed(origin is null ? null : [origin], ["http://localhost:6274"]).Should().Be(expected);

    [Fact]
    public void OriginAllowed_TwoOrigins_Refused() =>
        McpRequestRules.OriginAllowed(["http://localhost:6274", "http://localhost:6274"], ["http://localhost:6274"]).Should().BeFalse();

    [Theory]
    [InlineData("Bearer abc", "abc")]
    [InlineData("bearer abc", "abc")]
    [InlineData("Bearer ", null)]
    [InlineData("Bearer a b", null)]
    [InlineData("Bearer  abc", null)]
    [InlineData("Basic abc", null)]
    [InlineData("abc", null)]
    public void BearerToken_Table(string header, string? expected) =>
        McpRequestRules.BearerToken([header]).Should().Be(expected);
}
