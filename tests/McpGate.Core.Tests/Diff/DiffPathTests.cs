using System.Text.Json.Nodes;
using McpGate.Core.Diff;

namespace McpGate.Core.Tests.Diff;

public sealed class DiffPathTests
{
    public static TheoryData<string, string> Keys => new()
    {
        { "replicas", "spec.replicas" },
        { "my-key", "spec.my-key" },
        { "_x9", "spec._x9" },
        { "9x", "spec[\"9x\"]" },
        { "-x", "spec[\"-x\"]" },
        { "a.b", "spec[\"a.b\"]" },
        { "a b", "spec[\"a b\"]" },
        { "", "spec[\"\"]" },
        { "a\"b\\c", "spec[\"a\\\"b\\\\c\"]" },
        { "é😀", "spec[\"é😀\"]" },
        { "a\tb", "spec[\"a\\u0009b\"]" },
        { "a\u202eb", "spec[\"a\\u202eb\"]" },
        { "a\ud800", "spec[\"a\\ud800\"]" },
    };

    [Theory]
    // Enumerated at run time: lone surrogates do not survive test-case serialization.
    [MemberData(nameof(Keys), DisableDiscoveryEnumeration = true)]
    public void Key_AnyMapKey_IsWrittenUnambiguously(string key, string path)
    {
        DiffPath.Key("spec", key).Should().Be(path);
    }

    [Fact]
    public void Key_AtTheRoot_HasNoLeadingDot()
    {
        DiffPath.Key(string.Empty, "spec").Should().Be("spec");
        DiffPath.Key(string.Empty, "a.b").Should().Be("[\"a.b\"]");
    }

    public static TheoryData<string, string?> Selectors => new()
    {
        { "\"web\"", "name=web" },
        { "\"/data/x.y:z\"", "name=/data/x.y:z" },
        { "\"80\"", "name=\"80\"" },
        { "\"-1\"", "name=\"-1\"" },
        { "\"1e3\"", "name=\"1e3\"" },
        { "\"1.2.3\"", "name=1.2.3" },
        { "\"true\"", "name=\"true\"" },
        { "\"null\"", "name=\"null\"" },
        { "\"\"", "name=\"\"" },
        { "\"a=b\"", "name=\"a=b\"" },
        { "\"a]b\"", "name=\"a]b\"" },
        { "80", "name=80" },
        { "80.0", "name=80" },
        { "true", "name=true" },
        { "null", null },
        { "{}", null },
        { "[]", null },
    };

    [Theory]
    [MemberData(nameof(Selectors))]
    public void Selector_KeyValue_IsBareOnlyWhenItCannotBeMisread(string valueJson, string? selector)
    {
        DiffPath.Selector(["name"], [JsonNode.Parse(valueJson)]).Should().Be(selector);
    }
}
