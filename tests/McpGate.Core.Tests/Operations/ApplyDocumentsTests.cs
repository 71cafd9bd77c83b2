using McpGate.Core.Engine;
using McpGate.Core.Operations;

namespace McpGate.Core.Tests.Operations;

/// <summary>An apply's body is checked document by document before the cluster is asked anything; every error names the parameter, the document and its line.</summary>
public sealed class ApplyDocumentsTests
{
    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n";

    [Fact]
    public void Parse_YamlAndJsonDocuments_PlacesEachInTheCallsNamespace()
    {
        var text = ConfigMap + "---\n{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"namespace\":\"demo\"},\"spec\":{\"replicas\":3}}\n";

        var documents = ApplyDocuments.Parse("manifest", text, "demo");

        documents.Select(d => (d.Index, d.Line, d.ApiVersion, d.Kind, d.Name)).Should().Equal((1, 1L, "v1", "ConfigMap", "settings"), (2, 8L, "apps/v1", "Deployment", "web"));
        documents.Should().OnlyContain(d => d.Body["metadata"]!["namespace"]!.GetValue<string>() == "demo");
        documents[1].Body["spec"]!["replicas"]!.GetValue<long>().Should().Be(3);
        documents[0].Body["data"]!["a"]!.GetValue<string>().Should().Be("b");
    }

    [Fact]
    public void Parse_TypedScalars_FollowYamlCoreSchema()
    {
        var documents = ApplyDocuments.Parse("manifest", ConfigMap.Replace("  a: b", "  a: '3'\n  b: \"true\"\n  c: 3\n  d: on", StringComparison.Ordinal), "demo");

        var data = documents[0].Body["data"]!;
        data["a"]!.GetValue<string>().Should().Be("3", "quoted values stay strings");
        data["b"]!.GetValue<string>().Should().Be("true");
        data["c"]!.GetValue<long>().Should().Be(3);
        data["d"]!.GetValue<string>().Should().Be("on", "YAML 1.2: on is not a boolean");
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "empty", "", "manifest: holds no object" },
        { "only separators", "---\n---\n", "manifest: holds no object" },
        { "a list", "- a\n- b\n", "manifest: document 1 (line 1): must be a map" },
        { "a scalar second", ConfigMap + "---\njust text\n", "manifest: document 2 (line 8): must be a map" },
        { "no apiVersion", "kind: ConfigMap\nmetadata: { name: x }\n", "manifest: document 1 (line 1): apiVersion is required" },
        { "numeric apiVersion", "apiVersion: 1\nkind: ConfigMap\nmetadata: { name: x }\n", "apiVersion is required and must be a non-empty string" },
        { "bad apiVersion", "apiVersion: ../v1\nkind: ConfigMap\nmetadata: { name: x }\n", "apiVersion must be version or group/version" },
        { "no kind", "apiVersion: v1\nmetadata: { name: x }\n", "manifest: document 1 (line 1): kind is required" },
        { "kind with a slash", "apiVersion: v1\nkind: Config/Map\nmetadata: { name: x }\n", "kind must be a kind name" },
        { "no metadata", "apiVersion: v1\nkind: ConfigMap\n", "metadata is required" },
        { "no name", "apiVersion: v1\nkind: ConfigMap\nmetadata: { generateName: x- }\n", "metadata.name is required" },
        { "name with a path", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ../secrets/x }\n", "metadata.name must be a DNS subdomain" },
        { "upper-case name", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: Settings }\n", "metadata.name must be a DNS subdomain" },
        { "resourceVersion set", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, resourceVersion: '5' }\n", "metadata.resourceVersion is the server's" },
        { "uid set", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, uid: abc }\n", "metadata.uid is the server's" },
        { "a Secret", "apiVersion: v1\nkind: Secret\nmetadata: { name: x }\n", "Secrets may not be applied" },
        { "a secret in lower case", "apiVersion: v1\nkind: secret\nmetadata: { name: x }\n", "Secrets may not be applied" },
        { "a List", "apiVersion: v1\nkind: List\nitems: []\nmetadata: { name: x }\n", "kind List wraps other objects" },
        { "another namespace", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: prod }\n", "metadata.namespace is \"prod\", but this call is for namespace \"demo\"" },
        { "an empty namespace", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: '' }\n", "metadata.namespace is \"\"" },
        { "a namespace list", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: [demo] }\n", "metadata.namespace is [\"demo\"]" },
        { "duplicate key", "apiVersion: v1\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n", "manifest: line 2" },
        { "syntax error", "apiVersion: v1\nkind: [ConfigMap\n", "manifest: line" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public void Parse_BadDocument_IsRefusedNamingParameterDocumentAndRule(string scenario, string text, string expected)
    {
        var act = () => ApplyDocuments.Parse("manifest", text, "demo");

        act.Should().Throw<ProposalException>(scenario).Which.Message.Should().Contain(expected, scenario);
    }

    [Fact]
    public void Parse_MoreThanTwentyDocuments_IsRefused()
    {
        var text = string.Join("---\n", Enumerable.Range(0, ApplyDocuments.MaxDocuments + 1).Select(i => ConfigMap.Replace("settings", $"s{i}", StringComparison.Ordinal)));

        var act = () => ApplyDocuments.Parse("manifest", text, "demo");

        act.Should().Throw<ProposalException>().Which.Message.Should().Be("manifest: holds 21 documents; at most 20 may be applied at once.");
    }

    [Fact]
    public void Parse_AliasBomb_IsRefusedBeforeItGrows()
    {
        var lines = new List<string> { "a: &a [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 8; i++)
        {
            lines.Add($"{(char)('a' + i)}: &{(char)('a' + i)} [*{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}]");
        }

        var act = () => ApplyDocuments.Parse("manifest", string.Join('\n', lines), "demo");

        act.Should().Throw<ProposalException>().Which.Message.Should().Contain($"more than {BodyDocuments.MaxNodes} values");
    }

    [Fact]
    public void Parse_TooLong_IsRefused()
    {
        var act = () => ApplyDocuments.Parse("manifest", new string('#', BodyDocuments.MaxLength + 1), "demo");

        act.Should().Throw<ProposalException>().Which.Message.Should().StartWith($"manifest: must be at most {BodyDocuments.MaxLength} characters");
    }

    [Fact]
    public void Parse_NullNamespace_GetsTheCallsNamespace()
    {
        var documents = ApplyDocuments.Parse("manifest", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: null }\n", "demo");

        documents.Single().Body["metadata"]!["namespace"]!.GetValue<string>().Should().Be("demo");
    }
}
