using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Diff;
using McpGate.Core.Text;

namespace McpGate.Adversarial.Tests.Diff;

/// <summary>
/// An object whose keys or names try to make the diff an approver reads say something else:
/// spell another field's path, hide characters, swap names, or bury a change past the cap.
/// </summary>
public sealed class DiffDisguiseTests
{
    private const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"demo"},
         "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27"},{"name":"sidecar","image":"envoy:1.30"}]}}}}
        """;

    /// <summary>A key added at the root, and the path of another field it tries to pass for.</summary>
    public static TheoryData<string, string> ForgedKeys => new()
    {
        { "spec.replicas", "spec.replicas" },
        { "spec.template.spec.containers[name=web].image", "spec.template.spec.containers[name=web].image" },
        { "spec\"].template", "spec\"].template" },
        { "(truncated)", ObjectDiff.TruncatedPath },
        { "spec.template.spec.containers.$order", "spec.template.spec.containers.$order" },
        { "$order", "$order" },
        { "spec[0]", "spec[0]" },
        { "[\"spec\"]", "[\"spec\"]" },
        { "spec\u2024replicas", "spec.replicas" },
    };

    [Theory]
    [MemberData(nameof(ForgedKeys))]
    public void Compare_KeyThatSpellsAnotherPath_IsQuotedAndNeverThatPath(string key, string forged)
    {
        var before = JsonNode.Parse(Deployment)!.AsObject();
        var after = JsonNode.Parse(Deployment)!.AsObject();
        after[key] = 5;

        var diff = ObjectDiff.Compare(before, after);

        var line = diff.Should().ContainSingle().Subject;
        line.Path.Should().NotBe(forged).And.StartWith("[\"").And.EndWith("\"]");
        line.Path.Should().Be(DiffPath.Quote(key).Insert(0, "[") + "]");
    }

    /// <summary>Container names that try to spell a selector, a field, or another container.</summary>
    private static readonly string[] s_forgedNames =
    [
        "web].image",
        "web,protocol=TCP",
        "\"web\"",
        "web]",
        "name=web",
        "web ",
        "web\u200b",
        "w\u0435b",
    ];

    public static TheoryData<string> ForgedNames => [.. s_forgedNames];

    [Theory]
    [MemberData(nameof(ForgedNames))]
    public void Compare_ContainerNameThatSpellsAnotherSelector_NeverReadsAsContainerWeb(string name)
    {
        var before = JsonNode.Parse(Deployment)!.AsObject();
        var after = JsonNode.Parse(Deployment)!.AsObject();
        ((JsonArray)after["spec"]!["template"]!["spec"]!["containers"]!).Add(new JsonObject { ["name"] = name, ["image"] = "evil:1" });

        var diff = ObjectDiff.Compare(before, after);

        var line = diff.Should().ContainSingle().Subject;
        line.Path.Should().NotStartWith("spec.template.spec.containers[name=web]");
        line.Path.Should().NotBe("spec.template.spec.containers[name=web].image");
        line.To!["name"]!.GetValue<string>().Should().Be(name, "the whole added element is shown");
    }

    [Fact]
    public void Mismatches_LookalikeContainerName_DoesNotHoldForContainerWeb()
    {
        var current = JsonNode.Parse(Deployment)!.AsObject();
        foreach (var name in s_forgedNames)
        {
            var patch = JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":""" + DiffPath.Quote(name) + ""","image":"nginx:1.27"}]}}}}""")!.AsObject();

            AppliedFields.Hold(patch, current).Should().BeFalse($"a container named {DiffPath.Quote(name)} is not web");
        }
    }

    /// <summary>Keys with characters a terminal would hide, act on, or turn around.</summary>
    public static TheoryData<string, string> InvisibleKeys => new()
    {
        { "a\u202eb", "\\u202e" },
        { "a\u200bb", "\\u200b" },
        { "a\u001b[31mb", "\\u001b" },
        { "a\u0000b", "\\u0000" },
        { "a\u009bb", "\\u009b" },
        { "a\u2028b", "\\u2028" },
        { "a\ud800b", "\\ud800" },
        { "a\udc00", "\\udc00" },
        { "a\U000E0041b", "\\udb40\\udc41" },
        { "a\u3164b", "\\u3164" },
    };

    [Theory]
    // Enumerated at run time: lone surrogates do not survive test-case serialization.
    [MemberData(nameof(InvisibleKeys), DisableDiscoveryEnumeration = true)]
    public void Compare_KeyWithInvisibleCharacters_ShowsThemEscaped(string key, string escaped)
    {
        var after = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [key] = "x" } }, ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = key }) } };

        var diff = ObjectDiff.Compare(null, after);

        diff.Should().HaveCount(2);
        foreach (var line in diff)
        {
            line.Path.Should().Contain(escaped);
            SafeForATerminal(line.Path).Should().BeTrue(line.Path);
        }
    }

    [Fact]
    public void Compare_NamesSwappedBetweenIndexes_AttributesEachImageToItsContainer()
    {
        var before = JsonNode.Parse(Deployment)!.AsObject();
        var after = JsonNode.Parse(Deployment.Replace("\"name\":\"web\",\"image\"", "\"name\":\"TMP\",\"image\"").Replace("\"name\":\"sidecar\"", "\"name\":\"web\"").Replace("\"name\":\"TMP\"", "\"name\":\"sidecar\""))!.AsObject();

        var diff = ObjectDiff.Compare(before, after).Select(d => d.ToString());

        diff.Should().Equal(
            "spec.template.spec.containers.$order: [\"name=web\",\"name=sidecar\"] -> [\"name=sidecar\",\"name=web\"]",
            "spec.template.spec.containers[name=sidecar].image: \"envoy:1.30\" -> \"nginx:1.27\"",
            "spec.template.spec.containers[name=web].image: \"nginx:1.27\" -> \"envoy:1.30\"");
    }

    [Fact]
    public void Compare_ChangeBuriedUnderNoise_IsCutButTheCutIsSaid()
    {
        var before = JsonNode.Parse(Deployment)!.AsObject();
        var after = JsonNode.Parse(Deployment)!.AsObject();
        var labels = new JsonObject();
        for (var i = 0; i < 1000; i++)
        {
            labels[$"noise-{i:D4}"] = "x";
        }

        after["metadata"]!["labels"] = labels;
        after["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "evil:1";

        var diff = ObjectDiff.Compare(before, after);

        diff.Should().HaveCount(ObjectDiff.MaxLines);
        diff[^1].Path.Should().Be(ObjectDiff.TruncatedPath);
        diff[^1].To!.GetValue<string>().Should().StartWith("802 more changed field(s) not shown");
        diff.Should().NotContain(d => d.Path.Contains("image", StringComparison.Ordinal), "the image line is past the cap, and the last line says lines were left out");
    }

    [Fact]
    public void Compare_ManyParallelRuns_GiveTheSameDiff()
    {
        var expected = Run();
        var results = new string[64];

        Parallel.For(0, results.Length, i => results[i] = Run());

        results.Should().AllBe(expected);

        static string Run()
        {
            var before = JsonNode.Parse(Deployment)!.AsObject();
            var after = JsonNode.Parse(Deployment.Replace("nginx:1.27", "nginx:1.28").Replace("\"replicas\":2", "\"replicas\":3"))!.AsObject();
            return string.Join('\n', ObjectDiff.Compare(before, after).Select(d => d.ToString()));
        }
    }

    private static bool SafeForATerminal(string text)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != OperationStatus.Done || UntrustedText.IsUnsafe(rune))
            {
                return false;
            }

            rest = rest[used..];
        }

        return true;
    }
}
