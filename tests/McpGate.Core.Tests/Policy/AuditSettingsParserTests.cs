using FluentAssertions;
using McpGate.Core.Policy;
using Xunit;

namespace McpGate.Core.Tests.Policy;

public sealed class AuditSettingsParserTests
{
    private const string File = "policies/audit.yaml";

    [Fact]
    public void Load_NoAudit_RecordsReads()
    {
        var policy = PolicyYaml.Load((File, "rules: []\n"));

        policy.Audit.RecordReads.Should().BeTrue();
        policy.Audit.Location.Should().BeEmpty();
    }

    public static TheoryData<string, bool> Settings => new()
    {
        { "audit:\n  recordReads: false\n", false },
        { "audit:\n  recordReads: False\n", false },
        { "audit:\n  recordReads: true\n", true },
        { "audit: {}\n", true },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Load_Audit_KeptAsWrittenWithItsLocation(string yaml, bool recordReads)
    {
        var policy = PolicyYaml.Load((File, yaml));

        policy.Audit.RecordReads.Should().Be(recordReads);
        policy.Audit.Location.Should().MatchRegex($"^{File}:[12]:[0-9]+$");
    }

    public static TheoryData<string, string> BadSettings => new()
    {
        { "audit:\n  recordReads: no\n", "audit.recordReads: must be true or false" },
        { "audit:\n  recordReads: 0\n", "audit.recordReads: must be true or false" },
        { "audit:\n  recordReads: 'false'\n", "audit.recordReads: must be true or false" },
        { "audit:\n  recordReads: [false]\n", "audit.recordReads: must be true or false" },
        { "audit:\n  recordWrites: false\n", "audit.recordWrites" },
        { "audit: false\n", "audit" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Load_BadAudit_ErrorNamesTheField(string yaml, string expected)
    {
        var errors = PolicyYaml.Errors((File, yaml));

        errors.Should().ContainSingle().Which.Should().Contain(expected).And.StartWith(File);
    }

    [Fact]
    public void Load_AuditInTwoFiles_Refused()
    {
        var errors = PolicyYaml.Errors(("policies/a.yaml", "audit:\n  recordReads: true\n"), ("policies/b.yaml", "audit:\n  recordReads: false\n"));

        errors.Should().ContainSingle().Which.Should().StartWith("policies/b.yaml:2:3: audit: is already set at policies/a.yaml:2:3");
    }
}
