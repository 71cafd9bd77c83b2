using McpGate.Core.Policy;
using McpGate.Testing.Files;

namespace McpGate.Core.Tests.Policy;

/// <summary>Loading a policy directory from real files: which files count, in which order, and how failures read.</summary>
public sealed class PolicyDirectoryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static string Rule(string name) =>
        $"rules:\n  - {{ name: {name}, tools: ['*'], namespaces: [{name}], effect: deny }}\n";

    [Fact]
    public void LoadDirectory_ReadsYamlAndYmlFiles_InOrdinalFileNameOrder()
    {
        _dir.Write("b.yml", Rule("second"));
        _dir.Write("a.yaml", Rule("first"));
        _dir.Write("B.yaml", Rule("upper"));
        _dir.Write("c.yaml", Rule("third"));

        var policy = PolicySet.LoadDirectory(_dir.Path);

        // Ordinal: upper-case letters sort before lower-case ones.
        policy.Rules.Select(r => r.Name).Should().Equal("upper", "first", "second", "third");
        policy.Rules.Select(r => Path.GetFileName(r.SourcePath)).Should().Equal("B.yaml", "a.yaml", "b.yml", "c.yaml");
    }

    [Theory]
    [InlineData("notes.txt")]
    [InlineData("policy.yaml.bak")]
    [InlineData("policy.YAML")]
    [InlineData("policy.json")]
    [InlineData("yaml")]
    public void LoadDirectory_IgnoresFilesThatAreNotYaml(string name)
    {
        _dir.Write("a.yaml", Rule("kept"));
        _dir.Write(name, "this is: [not, a, policy");

        var policy = PolicySet.LoadDirectory(_dir.Path);

        policy.Rules.Should().ContainSingle().Which.Name.Should().Be("kept");
    }

    [Fact]
    public void LoadDirectory_IgnoresSubdirectories()
    {
        _dir.Write("a.yaml", Rule("kept"));
        _dir.Write("old/b.yaml", "rules: broken");

        PolicySet.LoadDirectory(_dir.Path).Rules.Select(r => r.Name).Should().Equal("kept");
    }

    [Fact]
    public void LoadDirectory_EmptyDirectory_IsAnEmptyPolicy()
    {
        var policy = PolicySet.LoadDirectory(_dir.Path);

        policy.Rules.Should().BeEmpty();
        policy.Approvers.Should().BeEmpty();
        policy.FreezeWindows.Should().BeEmpty();
        policy.DefaultApprovalExpiry.Should().Be(TimeSpan.FromHours(1));
        policy.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void LoadDirectory_ErrorsInTwoFiles_NameEachFileWithItsFullPath()
    {
        var a = _dir.Write("a.yaml", "rules: all\n");
        var b = _dir.Write("b.yml", "defaults: { approvalExpiry: soon }\n");

        var act = () => PolicySet.LoadDirectory(_dir.Path);

        var ex = act.Should().Throw<PolicyValidationException>().Which;
        ex.Errors.Should().HaveCount(2);
        ex.Errors[0].Should().StartWith($"{a}:1:8: rules: must be a list");
        ex.Errors[1].Should().StartWith($"{b}:1:29: defaults.approvalExpiry: must be a positive duration");
        ex.Message.Should().Be($"Policy is invalid (2 errors):{Environment.NewLine}  {ex.Errors[0]}{Environment.NewLine}  {ex.Errors[1]}");
    }

    [Fact]
    public void LoadDirectory_MissingDirectory_NamesTheDirectory()
    {
        var missing = _dir.Combine("nowhere");

        var act = () => PolicySet.LoadDirectory(missing);

        var ex = act.Should().Throw<PolicyValidationException>().Which;
        ex.Errors.Should().Equal($"{missing}: policy directory not found");
        ex.Message.Should().Be($"Policy is invalid (1 error):{Environment.NewLine}  {missing}: policy directory not found");
    }

    [Fact]
    public void LoadDirectory_AFileInsteadOfADirectory_IsNotFound()
    {
        var file = _dir.Write("a.yaml", Rule("r"));

        var act = () => PolicySet.LoadDirectory(file);

        act.Should().Throw<PolicyValidationException>().Which.Errors.Should().Equal($"{file}: policy directory not found");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void LoadDirectory_NoPath_ThrowsNamingTheParameter(string? dir)
    {
        var act = () => PolicySet.LoadDirectory(dir!);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("dir");
    }

    public void Dispose() => _dir.Dispose();
}
