using McpGate.Core.Audit;

namespace McpGate.Core.Tests.Audit;

/// <summary>A CSV cell is safe in a spreadsheet (no formula runs) and on a terminal (no control character reaches it).</summary>
public sealed class AuditCsvTests
{
    public static TheoryData<string, string> Cells => new()
    {
        { "plain", "plain" },
        { "", "" },
        { "a,b", "\"a,b\"" },
        { "say \"hi\"", "\"say \"\"hi\"\"\"" },
        { "=1+1", "'=1+1" },
        { "+1", "'+1" },
        { "-1", "'-1" },
        { "@SUM(A1)", "'@SUM(A1)" },
        { "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
        { "\t=1", "\\u0009=1" },
        { "line\nbreak", "line\\u000abreak" },
        { "\u001b[2Jcleared", "\\u001b[2Jcleared" },
        { "csi \u009b31m", "csi \\u009b31m" },
        { "a=1", "a=1" },
    };

    [Theory]
    [MemberData(nameof(Cells))]
    public void Cell_Text_IsQuotedDefusedAndEscaped(string text, string expected) =>
        AuditCsv.Cell(text).Should().Be(expected);
}
