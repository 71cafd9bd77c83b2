using McpGate.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGate.Server.Tests.Hosting;

/// <summary>
/// The gate's stderr logging: the console logger's simple single-line format, line for line, and the
/// same filters whether it is built as a factory (<c>serve</c>) or on a host's builder (HTTP, service).
/// </summary>
public sealed class StderrLoggerTests
{
    [Fact]
    public void Entry_IsOneLine_LevelCategoryEventAndMessage()
    {
        var (factory, lines) = Factory(LogLevel.Information);
        using (factory)
        {
            factory.CreateLogger("McpGate.Serve").Log(LogLevel.Warning, new EventId(1303, "x"), "Attached to /data", null, (s, _) => s);
        }

        lines.ToString().Should().Be("warn: McpGate.Serve[1303] Attached to /data" + Environment.NewLine);
    }

    [Fact]
    public void LineBreaks_InTheMessageAndTheException_StayOnTheLine()
    {
        var (factory, lines) = Factory(LogLevel.Trace);
        using (factory)
        {
            var failure = new InvalidOperationException("disk" + Environment.NewLine + "full");
            factory.CreateLogger("C").Log(LogLevel.Error, new EventId(7), "first" + Environment.NewLine + "second", failure, (s, _) => s);
        }

        var text = lines.ToString();
        text.Should().StartWith("fail: C[7] first second System.InvalidOperationException: disk full");
        text.Should().EndWith(Environment.NewLine);
        text.Split(Environment.NewLine).Should().HaveCount(2, "one line and the end of it");
    }

    [Theory]
    [InlineData(LogLevel.Trace, "trce")]
    [InlineData(LogLevel.Debug, "dbug")]
    [InlineData(LogLevel.Information, "info")]
    [InlineData(LogLevel.Warning, "warn")]
    [InlineData(LogLevel.Error, "fail")]
    [InlineData(LogLevel.Critical, "crit")]
    public void Levels_AreWrittenAsTheConsoleLoggerWritesThem(LogLevel level, string text) =>
        StderrLogger.Line(level, "C", 1, "m", null).Should().Be($"{text}: C[1] m{Environment.NewLine}");

    [Fact]
    public void Filters_LevelAndQuieterCategories()
    {
        var (factory, lines) = Factory(LogLevel.Information);
        using (factory)
        {
            factory.CreateLogger("McpGate.Engine").LogDebug("below the level");
            factory.CreateLogger("McpGate.Engine").LogInformation("kept");
            factory.CreateLogger("ModelContextProtocol.Server.McpServer").LogError("the SDK repeating a client's mistake");
            factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").LogInformation("a request line");
            factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").LogWarning("kept too");
        }

        lines.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)
            .Should().Equal("info: McpGate.Engine[0] kept", "warn: Microsoft.AspNetCore.Server.Kestrel[0] kept too");
    }

    [Fact]
    public void EmptyMessageWithoutException_WritesNothing()
    {
        var (factory, lines) = Factory(LogLevel.Trace);
        using (factory)
        {
            factory.CreateLogger("C").Log(LogLevel.Information, default, string.Empty, null, (s, _) => s);
        }

        lines.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task ManyThreads_NeverInterleaveWithinALine()
    {
        var (factory, lines) = Factory(LogLevel.Information);
        using (factory)
        {
            var logger = factory.CreateLogger("C");
            var padding = new string('x', 200);
            await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
            {
                for (var i = 0; i < 200; i++)
                {
                    var message = $"thread {t} entry {i} {padding}";
                    logger.Log(LogLevel.Information, default, message, null, (s, _) => s);
                }
            })));
        }

        var written = lines.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        written.Should().HaveCount(1600).And.OnlyContain(l => l.StartsWith("info: C[0] thread ", StringComparison.Ordinal) && l.EndsWith(new string('x', 200), StringComparison.Ordinal));
    }

    private static (ILoggerFactory Factory, StringWriter Lines) Factory(LogLevel level)
    {
        var lines = new StringWriter();
        return (McpGateServer.CreateLoggerFactory(level, TextWriter.Synchronized(lines)), lines);
    }
}
