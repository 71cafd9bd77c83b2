using System.Text.Json;
using McpGate.Core.Changes;

namespace McpGate.Core.Tests.Checks;

public sealed class CheckRecordTests
{
    [Theory]
    [InlineData(CheckStatus.Pass, true, false, false)]
    [InlineData(CheckStatus.Warn, false, true, false)]
    [InlineData(CheckStatus.Fail, false, false, true)]
    public void Status_PassWarnFail_EachOneFlag(CheckStatus status, bool passed, bool warned, bool failed)
    {
        var record = new CheckRecord { Name = "c", Status = status, Detail = "d" };

        (record.Passed, record.Warned, record.Failed).Should().Be((passed, warned, failed));
    }

    [Theory]
    [InlineData("pass", CheckStatus.Pass)]
    [InlineData("warn", CheckStatus.Warn)]
    [InlineData("fail", CheckStatus.Fail)]
    [InlineData("Fail", null)]
    [InlineData("WARN", null)]
    [InlineData(" pass", null)]
    [InlineData("", null)]
    [InlineData("skipped", null)]
    [InlineData(null, null)]
    public void FromWire_OnlyTheExactSpelling(string? text, CheckStatus? expected) =>
        CheckStatuses.FromWire(text).Should().Be(expected);

    [Theory]
    [InlineData("\"Warn\"")]
    [InlineData("\"PASS\"")]
    [InlineData("1")]
    [InlineData("\"skipped\"")]
    [InlineData("null")]
    public void StoredRecord_StatusSpelledOtherwise_IsUnreadable_NeverGuessed(string status)
    {
        var json = $$"""{"name":"c","status":{{status}},"detail":"d"}""";

        var act = () => JsonSerializer.Deserialize<CheckRecord>(json, ChangeJson.Options);

        act.Should().Throw<JsonException>();
    }

    [Fact]
    public void StoredRecord_WritesTheLowerCaseName()
    {
        JsonSerializer.Serialize(new CheckRecord { Name = "c", Status = CheckStatus.Warn, Detail = "d" }, ChangeJson.Options)
            .Should().StartWith("""{"name":"c","status":"warn","detail":"d",""");
    }
}
