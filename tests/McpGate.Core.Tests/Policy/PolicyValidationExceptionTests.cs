using McpGate.Core.Policy;

namespace McpGate.Core.Tests.Policy;

/// <summary>The exception the CLI and server print when policy files fail to load: every error, one per line.</summary>
public sealed class PolicyValidationExceptionTests
{
    public static TheoryData<string[], string> Lists => new()
    {
        { [], "Policy is invalid (0 errors):" },
        { ["a.yaml:1:1: rules: must be a list"], "Policy is invalid (1 error):\n  a.yaml:1:1: rules: must be a list" },
        { ["a.yaml:1:1: x", "b.yaml:2:3: y"], "Policy is invalid (2 errors):\n  a.yaml:1:1: x\n  b.yaml:2:3: y" },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public void New_WithErrors_CountsThemAndListsEachOnItsOwnLine(string[] errors, string message)
    {
        var ex = new PolicyValidationException(errors);

        ex.Errors.Should().Equal(errors);
        ex.Message.Should().Be(message.Replace("\n", Environment.NewLine, StringComparison.Ordinal));
    }

    [Fact]
    public void New_WithoutArguments_HasNoErrors()
    {
        var ex = new PolicyValidationException();

        ex.Errors.Should().BeEmpty();
        ex.Message.Should().Be("Policy is invalid (0 errors):");
    }

    [Fact]
    public void New_WithAMessage_IsItsOneError()
    {
        var ex = new PolicyValidationException("p.yaml: unreadable");

        ex.Errors.Should().Equal("p.yaml: unreadable");
        ex.Message.Should().Be("p.yaml: unreadable");
        ex.InnerException.Should().BeNull();
    }

    [Fact]
    public void New_WithAMessageAndACause_KeepsBoth()
    {
        var cause = new IOException("disk");

        var ex = new PolicyValidationException("p.yaml: unreadable", cause);

        ex.Errors.Should().Equal("p.yaml: unreadable");
        ex.Message.Should().Be("p.yaml: unreadable");
        ex.InnerException.Should().BeSameAs(cause);
    }
}
