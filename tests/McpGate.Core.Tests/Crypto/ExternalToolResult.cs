namespace McpGate.Core.Tests.Crypto;

internal sealed record ExternalToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public ExternalToolResult EnsureSuccess()
    {
        ExitCode.Should().Be(0, "the tool failed: {0}", StandardError);
        return this;
    }
}
