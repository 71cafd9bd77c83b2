using System.Text;
using McpGate.Server.Transport;

namespace McpGate.Server.Tests.Transport;

public sealed class JsonKeyScanTests
{
    public static TheoryData<string, string, string> Duplicates => new()
    {
        { """{"replicas":5,"replicas":50}""", "", "duplicate key 'replicas' in the message" },
        { """{"params":{"arguments":{"replicas":5,"Replicas":50}}}""", "params.arguments", "'replicas' and 'Replicas' differ only by case" },
        { """{"params":{"arguments":{"replicas":5,"REPLICAS":50}}}""", "params.arguments", "'REPLICAS'" },
        { """{"params":{"arguments":{"replicas":5,"repl\u0069cas":50}}}""", "params.arguments", "duplicate key 'replicas'" },
        { """{"params":{"arguments":{"replicas":5,"\u0052eplicas":50}}}""", "params.arguments", "'Replicas'" },
        { """{"params":{"name":"get_change","Name":"scale_deployment"}}""", "params", "'name' and 'Name'" },
        { """{"params":{"_meta":{"progressToken":1,"progresstoken":2}}}""", "params._meta", "progresstoken" },
        { """{"a":[{"x":1},{"y":{"k":1,"k":2}}]}""", "a[1].y", "duplicate key 'k'" },
        { """{"method":"tools/list","method":"tools/call"}""", "", "duplicate key 'method'" },
    };

    [Theory]
    [MemberData(nameof(Duplicates))]
    public void Scan_KeyGivenTwice_ReportsKeyAndPath(string json, string path, string message)
    {
        var problem = JsonKeyScan.Scan(Encoding.UTF8.GetBytes(json));

        problem.Should().NotBeNull();
        problem!.IsSyntax.Should().BeFalse();
        problem.Path.Should().Be(path);
        problem.Message.Should().Contain(message);
    }

    [Theory]
    [InlineData("""{"replicas":5,"replica":50,"other":{"replicas":1}}""")]
    [InlineData("""{"a":[{"k":1},{"k":2}]}""")]
    [InlineData("""{"ſ":1,"s":2}""")]
    public void Scan_DistinctKeys_FindsNothing(string json)
    {
        JsonKeyScan.Scan(Encoding.UTF8.GetBytes(json)).Should().BeNull();
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"a":1} {"b":2}""")]
    [InlineData("""{"a":1,}""")]
    public void Scan_BadSyntax_IsASyntaxProblem(string json)
    {
        JsonKeyScan.Scan(Encoding.UTF8.GetBytes(json))!.IsSyntax.Should().BeTrue();
    }
}
