using McpGate.Core.Changes;

namespace McpGate.Core.Tests.Checks;

public sealed class CheckRecordTests
{
    [Theory]
    [InlineData("pass", true, false, false)]
    [InlineData("warn", false, true, false)]
    [InlineData("fail", false, false, true)]
    [InlineData("Fail", false, false, true)]
    [InlineData("WARN", false, false, true)]
    [InlineData(" pass", false, false, true)]
    [InlineData("", false, false, true)]
    [InlineData("skipped", false, false, true)]
    public void Status_OnlyExactPassOrWarnAvoidFailing(string status, bool passed, bool warned, bool failed)
    {
        var record = new CheckRecord { Name = "c", Status = status, Detail = "d" };

        (record.Passed, record.Warned, record.Failed).Should().Be((passed, warned, failed), "an unknown status fails closed");
    }
}
