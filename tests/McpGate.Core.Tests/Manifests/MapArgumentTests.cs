using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Manifests;

namespace McpGate.Core.Tests.Manifests;

/// <summary>Binding, schema and round trip of <c>map</c> arguments, on the shipped <c>update_configmap</c>.</summary>
public sealed class MapArgumentTests
{
    private static readonly ToolManifest s_tool = ManifestYaml.Shipped("update_configmap");

    private static Dictionary<string, JsonElement> Arguments(string data) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>($$"""{"namespace":"demo","name":"cfg","reason":"r","data":{{data}}}""")!;

    [Fact]
    public void Bind_StringsAndNulls_KeepsThemInOrder()
    {
        var bound = ArgumentBinder.Bind(s_tool, Arguments("""{"b":"2","a":null,"multi.line":"x = 1\n\ty = 2\n"}"""));

        var map = bound["data"].Should().BeAssignableTo<IReadOnlyDictionary<string, string?>>().Subject;
        map.Keys.Should().Equal("b", "a", "multi.line");
        map["a"].Should().BeNull();
        map["multi.line"].Should().Be("x = 1\n\ty = 2\n");
    }

    public static TheoryData<string, string> BadMaps => new()
    {
        { """["a"]""", "data: must be an object of keys to string values or null (got an array)" },
        { "\"a=1\"", "data: must be an object of keys to string values or null (got a string)" },
        { "5", "data: must be an object of keys to string values or null (got number 5)" },
        { """{"a":5}""", "data: key \"a\" must be a string (set) or null (remove) (got number 5)" },
        { """{"a":true}""", "data: key \"a\" must be a string (set) or null (remove) (got boolean true)" },
        { """{"a":{"b":"c"}}""", "data: key \"a\" must be a string (set) or null (remove) (got an object)" },
        { """{"a":["b"]}""", "data: key \"a\" must be a string (set) or null (remove) (got an array)" },
        { """{"a/b":"1"}""", "data: key \"a/b\" must match ^[-._a-zA-Z0-9]+$ and be at most 253 characters (a ConfigMap key)" },
        { """{"":"1"}""", "data: key \"\" must match ^[-._a-zA-Z0-9]+$ and be at most 253 characters (a ConfigMap key)" },
        { """{"a b":"1"}""", "data: key \"a b\" must match ^[-._a-zA-Z0-9]+$ and be at most 253 characters (a ConfigMap key)" },
        { """{"a\n":"1"}""", "data: key \"a\\u000A\" must match ^[-._a-zA-Z0-9]+$ and be at most 253 characters (a ConfigMap key)" },
        { """{"é":"1"}""", "data: key \"é\" must match ^[-._a-zA-Z0-9]+$ and be at most 253 characters (a ConfigMap key)" },
        { $$"""{"{{new string('k', 254)}}":"1"}""", $"data: key \"{new string('k', 61)}...\" must match ^[-._a-zA-Z0-9]+$ and be at most 253 characters (a ConfigMap key)" },
        { """{"a":"1","a":"2"}""", "data: key \"a\" appears more than once" },
        { """{"a":"x\u202Ey"}""", "data: key \"a\" has a value with U+202E at index 1: values may hold newlines and tabs, but no other control, format or invisible character" },
        { """{"a":"x\ry"}""", "data: key \"a\" has a value with U+000D at index 1: values may hold newlines and tabs, but no other control, format or invisible character" },
        { """{"a":"\ud800"}""", "data: key \"a\" has a value with an unpaired surrogate (U+D800-U+DFFF)" },
        { "{}", "data: must set or remove at least one key" },
        { Many(65), "data: must set or remove at most 64 keys (got 65)" },
    };

    [Theory]
    [MemberData(nameof(BadMaps))]
    public void Bind_BadMap_NamesTheKeyAndTheRule(string data, string expected)
    {
        var act = () => ArgumentBinder.Bind(s_tool, Arguments(data));

        act.Should().Throw<ArgumentValidationException>().Which.Errors.Should().Equal(expected);
    }

    [Fact]
    public void Bind_SeveralBadKeys_ReportsEachOfThem()
    {
        var act = () => ArgumentBinder.Bind(s_tool, Arguments("""{"a":1,"b/c":"x","d":"ok"}"""));

        act.Should().Throw<ArgumentValidationException>().Which.Errors.Should().HaveCount(2);
    }

    [Fact]
    public void Bind_SixtyFourKeys_IsAccepted()
    {
        var bound = ArgumentBinder.Bind(s_tool, Arguments(Many(64)));

        ((IReadOnlyDictionary<string, string?>)bound["data"]!).Should().HaveCount(64);
    }

    [Fact]
    public void ToJson_ThenFromJson_GivesTheSameMap()
    {
        var bound = ArgumentBinder.Bind(s_tool, Arguments("""{"b":"2","a":null}"""));

        var json = JsonNode.Parse(bound.ToJson().ToJsonString())!.AsObject();
        var again = BoundArgumentsJson.FromJson(json);

        json["data"]!.ToJsonString().Should().Be("""{"b":"2","a":null}""");
        again["data"].Should().BeEquivalentTo(bound["data"]);
        again.GetString("name").Should().Be("cfg");
    }

    [Theory]
    [InlineData("""{"data":{"a":1}}""")]
    [InlineData("""{"data":{"a":{"b":"c"}}}""")]
    [InlineData("""{"data":[1]}""")]
    public void FromJson_ObjectWithNonStringValues_IsRefused(string json)
    {
        var act = () => BoundArgumentsJson.FromJson(JsonNode.Parse(json)!.AsObject());

        act.Should().Throw<FormatException>().WithMessage("argument data *");
    }

    [Fact]
    public void InputSchema_Map_IsAnObjectOfStringsOrNulls()
    {
        var schema = JsonNode.Parse(s_tool.BuildInputSchema().GetRawText())!["properties"]!["data"]!;

        schema["type"]!.GetValue<string>().Should().Be("object");
        schema["additionalProperties"]!.ToJsonString().Should().Be("""{"type":["string","null"]}""");
        schema["maxProperties"]!.GetValue<int>().Should().Be(MapArgument.MaxKeys);
        schema["minProperties"]!.GetValue<int>().Should().Be(1);
        schema["propertyNames"]!["pattern"]!.GetValue<string>().Should().Be(MapArgument.KeyPattern);
    }

    private static string Many(int count) =>
        "{" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"k{i}\":\"v\"")) + "}";
}
