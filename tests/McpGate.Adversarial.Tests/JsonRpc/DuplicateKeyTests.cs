using System.Text;

namespace McpGate.Adversarial.Tests.JsonRpc;

/// <summary>
/// A key given twice in one object (scale to 5 or to 50?) is refused with an error naming the key,
/// whatever its spelling, escaping, case or depth, and nothing is proposed or changed. Keys are
/// compared after unescaping and ignoring case: the SDK reads protocol fields case-insensitively,
/// the gate's argument binder case-sensitively, so case variants are ambiguous too.
/// </summary>
public sealed class DuplicateKeyTests(RawGate gate) : IClassFixture<RawGate>
{
    public static TheoryData<string, string, int, string> Variants => new()
    {
        { "same key", Call("""{"namespace":"demo","name":"web","replicas":5,"replicas":50,"reason":"r"}"""), -32602, "'replicas'" },
        { "reverse order", Call("""{"namespace":"demo","name":"web","replicas":50,"replicas":5,"reason":"r"}"""), -32602, "'replicas'" },
        { "case variant", Call("""{"namespace":"demo","name":"web","replicas":5,"Replicas":50,"reason":"r"}"""), -32602, "'Replicas'" },
        { "upper case", Call("""{"namespace":"demo","name":"web","REPLICAS":50,"replicas":5,"reason":"r"}"""), -32602, "'REPLICAS'" },
        { "escaped letter", Call("""{"namespace":"demo","name":"web","replicas":5,"repl\u0069cas":50,"reason":"r"}"""), -32602, "'replicas'" },
        { "escaped capital", Call("""{"namespace":"demo","name":"web","replicas":5,"\u0052eplicas":50,"reason":"r"}"""), -32602, "'Replicas'" },
        { "three times", Call("""{"namespace":"demo","name":"web","replicas":5,"replicas":6,"replicas":50,"reason":"r"}"""), -32602, "'replicas'" },
        { "namespace twice", Call("""{"namespace":"demo","namespace":"kube-system","name":"web","replicas":5,"reason":"r"}"""), -32602, "'namespace'" },
        { "reason twice", Call("""{"namespace":"demo","name":"web","replicas":5,"reason":"r","reason":"s"}"""), -32602, "'reason'" },
        { "tool name twice", """{"jsonrpc":"2.0","id":ID,"method":"tools/call","params":{"name":"get_change","name":"scale_deployment","arguments":{"namespace":"demo","name":"web","replicas":5,"reason":"r"}}}""", -32602, "'name'" },
        { "tool name case variant", """{"jsonrpc":"2.0","id":ID,"method":"tools/call","params":{"name":"get_deployment","Name":"scale_deployment","arguments":{"namespace":"demo","name":"web","replicas":5,"reason":"r"}}}""", -32602, "'Name'" },
        { "arguments twice", """{"jsonrpc":"2.0","id":ID,"method":"tools/call","params":{"name":"scale_deployment","arguments":{"namespace":"demo","name":"web","replicas":5,"reason":"r"},"arguments":{"namespace":"demo","name":"web","replicas":50,"reason":"r"}}}""", -32602, "'arguments'" },
        { "in _meta", """{"jsonrpc":"2.0","id":ID,"method":"tools/call","params":{"_meta":{"progressToken":1,"progressToken":2},"name":"scale_deployment","arguments":{"namespace":"demo","name":"web","replicas":5,"reason":"r"}}}""", -32602, "'progressToken'" },
        { "method twice", """{"jsonrpc":"2.0","id":ID,"method":"tools/list","method":"tools/call","params":{"name":"scale_deployment","arguments":{"namespace":"demo","name":"web","replicas":5,"reason":"r"}}}""", -32600, "'method'" },
        { "params twice", """{"jsonrpc":"2.0","id":ID,"method":"tools/call","params":{"name":"get_deployment","arguments":{"namespace":"demo","name":"web"}},"params":{"name":"scale_deployment","arguments":{"namespace":"demo","name":"web","replicas":5,"reason":"r"}}}""", -32600, "'params'" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task ScaleDeployment_KeyGivenTwice_IsRefusedNamingTheKey_AndNothingIsProposed(string scenario, string template, int code, string named)
    {
        var changesBefore = await gate.CountChangesAsync();
        var before = await gate.GetWebAsync();
        var id = gate.NextId();

        var reply = await gate.SendAsync(Encoding.UTF8.GetBytes(template.Replace("ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));

        reply.GetProperty("id").GetInt64().Should().Be(id, scenario);
        reply.GetProperty("error").GetProperty("code").GetInt32().Should().Be(code, $"{scenario}: {reply}");
        reply.GetProperty("error").GetProperty("message").GetString().Should().Contain(named, scenario).And.Contain("duplicate key");
        await gate.AssertServingAsync();
        (await gate.GetWebAsync()).Should().Be(before, $"{scenario} must not change the cluster");
        (await gate.CountChangesAsync()).Should().Be(changesBefore, $"{scenario} must not propose a change");
    }

    [Fact]
    public async Task ScaleDeployment_CaseVariantAlone_IsAnUnknownArgument_AndNothingIsProposed()
    {
        var changesBefore = await gate.CountChangesAsync();
        var id = gate.NextId();

        var reply = await gate.RequestAsync(Call("""{"namespace":"demo","name":"web","Replicas":50,"reason":"r"}""").Replace("ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var result = reply.GetProperty("result");
        result.GetProperty("isError").GetBoolean().Should().BeTrue();
        result.GetProperty("content")[0].GetProperty("text").GetString().Should().Contain("Replicas").And.Contain("Nothing was changed");
        (await gate.CountChangesAsync()).Should().Be(changesBefore);
    }

    [Fact]
    public async Task ScaleDeployment_WellFormed_IsProposed_SoTheCountAboveCanMove()
    {
        var changesBefore = await gate.CountChangesAsync();
        var id = gate.NextId();

        var reply = await gate.RequestAsync(Call("""{"namespace":"demo","name":"web","replicas":3,"reason":"control"}""").Replace("ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        reply.GetProperty("result").GetProperty("structuredContent").GetProperty("changeId").GetString().Should().StartWith("chg-");
        (await gate.CountChangesAsync()).Should().Be(changesBefore + 1);
    }

    private static string Call(string arguments) =>
        $$$"""{"jsonrpc":"2.0","id":ID,"method":"tools/call","params":{"name":"scale_deployment","arguments":{{{arguments}}}}}""";
}
