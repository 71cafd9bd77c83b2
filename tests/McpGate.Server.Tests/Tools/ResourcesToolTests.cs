using System.Text;
using System.Text.Json;

namespace McpGate.Server.Tests.Tools;

/// <summary>resources_list and resources_get through MCP on the seeded sandbox: any kind by any of its names, redacted.</summary>
public sealed class ResourcesToolTests(ReadGateFixture fixture) : IClassFixture<ReadGateFixture>
{
    private const string SeededPassword = "s3cr3t-sandbox-only";

    public static TheoryData<string, string, string, string> KindsByName => new()
    {
        { "deploy", "demo", "deployments", "web" },
        { "Deployment", "demo", "deployments", "api" },
        { "deployments.apps", "demo", "deployments", "web" },
        { "deployment", "staging", "deployments", "api" },
        { "po", "demo", "pods", "web-" },
        { "cm", "prod", "configmaps", "app-config" },
        { "svc", "prod", "services", "cache" },
        { "sts", "prod", "statefulsets", "cache" },
        { "hpa", "prod", "horizontalpodautoscalers", "web" },
        { "pdb", "prod", "poddisruptionbudgets", "web" },
        { "ing", "prod", "ingresses", "web" },
        { "cronjob", "prod", "cronjobs", "nightly-report" },
    };

    [Theory]
    [MemberData(nameof(KindsByName))]
    public async Task ResourcesList_KindByAnyName_ListsThatKind(string kind, string ns, string plural, string expected)
    {
        var (text, data) = await fixture.ReadAsync("resources_list", new() { ["kind"] = kind, ["namespace"] = ns });

        data.GetProperty("namespace").GetString().Should().Be(ns);
        data.GetProperty(plural).EnumerateArray().Select(i => i.GetProperty("name").GetString())
            .Should().Contain(n => n!.StartsWith(expected, StringComparison.Ordinal));
        text.Should().StartWith($"{data.GetProperty("count").GetInt32()} {plural} in namespace {ns} on cluster sandbox").And.Contain("NAME");
    }

    [Fact]
    public async Task ResourcesList_NoNamespace_SpansEveryNamespaceWithANamespaceColumn()
    {
        var (text, data) = await fixture.ReadAsync("resources_list", new() { ["kind"] = "deploy" });

        text.Should().Contain("in all namespaces").And.Contain("NAMESPACE");
        data.GetProperty("deployments").EnumerateArray().Select(d => $"{d.GetProperty("namespace").GetString()}/{d.GetProperty("name").GetString()}")
            .Should().Contain(["demo/web", "staging/api", "prod/worker"]);
    }

    [Theory]
    [InlineData("nodes")]
    [InlineData("no")]
    [InlineData("Node")]
    public async Task ResourcesList_ClusterScopedKindGivenANamespace_IgnoresItAndSaysSo(string kind)
    {
        var (text, data) = await fixture.ReadAsync("resources_list", new() { ["kind"] = kind, ["namespace"] = "demo" });

        text.Should().Contain("Note: Node is cluster-scoped; namespace demo was ignored.");
        data.GetProperty("ignoredNamespace").GetString().Should().Be("demo");
        data.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()).Should().Contain(["sandbox-worker-1", "sandbox-worker-2"]);
    }

    [Theory]
    [InlineData("deploymnt", "Deployment")]
    [InlineData("pdos", "pods")]
    [InlineData("configmap.apps", "")]
    [InlineData("frobnicators", "")]
    public async Task ResourcesList_UnknownKind_NamesTheNearestServedKinds(string kind, string nearest)
    {
        var text = await fixture.FailAsync("resources_list", new() { ["kind"] = kind, ["namespace"] = "demo" });

        text.Should().Contain($"cluster sandbox serves no kind \"{kind}\"").And.Contain("api_resources_list");
        if (nearest.Length > 0)
        {
            text.Should().Contain("Nearest:").And.Contain(nearest);
        }
    }

    [Fact]
    public async Task ResourcesList_ApiVersion_NarrowsTheKindAndRefusesAGroupWithoutIt()
    {
        var (_, data) = await fixture.ReadAsync("resources_list", new() { ["kind"] = "deployments", ["api_version"] = "apps/v1", ["namespace"] = "demo" });
        data.GetProperty("deployments").GetArrayLength().Should().Be(2);

        var text = await fixture.FailAsync("resources_list", new() { ["kind"] = "deployments", ["api_version"] = "batch/v1", ["namespace"] = "demo" });
        text.Should().Contain("serves no kind \"deployments\" in API group \"batch\"");
    }

    [Fact]
    public async Task ResourcesList_LabelSelector_OnlyMatchingObjects()
    {
        var (text, data) = await fixture.ReadAsync("resources_list", new() { ["kind"] = "pods", ["namespace"] = "demo", ["label_selector"] = "app=web" });

        var names = data.GetProperty("pods").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        names.Should().HaveCount(2).And.OnlyContain(n => n!.StartsWith("web-", StringComparison.Ordinal));
        text.Should().Contain("with labels app=web");
    }

    [Fact]
    public async Task ResourcesList_Limit_TruncatesWithAContinueTokenThatPagesOn()
    {
        var (text, first) = await fixture.ReadAsync("resources_list", new() { ["kind"] = "pods", ["namespace"] = "prod", ["limit"] = 3 });

        first.GetProperty("truncated").GetBoolean().Should().BeTrue();
        var token = first.GetProperty("continue").GetString()!;
        text.Should().Contain("Truncated at 3 items").And.Contain($"Call again with continue: \"{token}\"").And.Contain("narrow it with label_selector or field_selector");
        var (_, second) = await fixture.ReadAsync("resources_list", new() { ["kind"] = "pods", ["namespace"] = "prod", ["limit"] = 3, ["continue"] = token });
        var firstNames = first.GetProperty("pods").EnumerateArray().Select(p => p.GetProperty("name").GetString());
        second.GetProperty("pods").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should().HaveCount(3).And.NotIntersectWith(firstNames);
    }

    [Fact]
    public async Task ResourcesList_NamespaceThatDoesNotExist_SaysSo()
    {
        var text = await fixture.FailAsync("resources_list", new() { ["kind"] = "cm", ["namespace"] = "prdo" });

        text.Should().Contain("namespace prdo does not exist on cluster sandbox");
    }

    [Theory]
    [InlineData("cm", "prod", "app-config")]
    [InlineData("configmaps", "prod", "app-config")]
    [InlineData("statefulset.apps", "prod", "cache")]
    [InlineData("deploy", "demo", "web")]
    public async Task ResourcesGet_KindByAnyName_ShowsTheObject(string kind, string ns, string name)
    {
        var (text, data) = await fixture.ReadAsync("resources_get", new() { ["kind"] = kind, ["namespace"] = ns, ["name"] = name });

        var shown = data.TryGetProperty("name", out var own) ? own : data.GetProperty("metadata").GetProperty("name");
        shown.GetString().Should().Be(name, "views with a summary name it at the top, the generic view keeps the object's metadata");
        text.Should().Contain(name);
    }

    [Fact]
    public async Task ResourcesGet_ConfigMap_ShowsItsDataAsDottedLines()
    {
        var (text, data) = await fixture.ReadAsync("resources_get", new() { ["kind"] = "cm", ["namespace"] = "prod", ["name"] = "app-config" });

        text.Should().Contain("data.LOG_LEVEL: info");
        data.GetProperty("data").GetProperty("API_BASE_URL").GetString().Should().Be("http://api.prod.svc.cluster.local:8080");
        data.TryGetProperty("managedFields", out _).Should().BeFalse();
        data.GetProperty("metadata").TryGetProperty("managedFields", out _).Should().BeFalse("managed fields are dropped");
    }

    [Fact]
    public async Task ResourcesGet_ClusterScopedKind_NeedsNoNamespace()
    {
        var (text, data) = await fixture.ReadAsync("resources_get", new() { ["kind"] = "node", ["name"] = "sandbox-worker-1" });

        data.GetProperty("name").GetString().Should().Be("sandbox-worker-1");
        text.Should().NotContain("Note:");
    }

    [Fact]
    public async Task ResourcesGet_NamespacedKindWithoutNamespace_AsksForIt()
    {
        var text = await fixture.FailAsync("resources_get", new() { ["kind"] = "deploy", ["name"] = "web" });

        text.Should().Contain("Deployment objects live in namespaces: give the namespace of web.");
    }

    [Theory]
    [InlineData("deploy", "demo", "wbe", "Similar names in namespace demo: web")]
    [InlineData("cm", "prod", "app-confg", "Similar names in namespace prod: app-config")]
    [InlineData("cm", "nowhere", "app-config", "Namespace nowhere does not exist either")]
    [InlineData("node", "", "sandbox-worker-9", "Similar names: sandbox-worker-1, sandbox-worker-2")]
    public async Task ResourcesGet_ObjectThatDoesNotExist_NamesWhatIsNear(string kind, string ns, string name, string expected)
    {
        var arguments = new Dictionary<string, object?> { ["kind"] = kind, ["name"] = name };
        if (ns.Length > 0)
        {
            arguments["namespace"] = ns;
        }

        var text = await fixture.FailAsync("resources_get", arguments);

        text.Should().Contain($"{name} was not found").And.Contain(expected);
    }

    public static TheoryData<string, string?> SecretSpellings => new()
    {
        { "secret", null },
        { "secrets", null },
        { "Secret", null },
        { "SECRETS", null },
        { "secret", "v1" },
    };

    [Theory]
    [MemberData(nameof(SecretSpellings))]
    public async Task ResourcesGet_Secret_ShowsKeysAndSizesNeverValues(string kind, string? apiVersion)
    {
        var arguments = new Dictionary<string, object?> { ["kind"] = kind, ["namespace"] = "prod", ["name"] = "db-credentials" };
        if (apiVersion is not null)
        {
            arguments["api_version"] = apiVersion;
        }

        var (text, data) = await fixture.ReadAsync("resources_get", arguments);

        data.GetProperty("keys").EnumerateArray().Select(k => (k.GetProperty("name").GetString(), k.GetProperty("bytes").GetInt32()))
            .Should().Equal(("password", SeededPassword.Length), ("username", 3));
        text.Should().Contain("password(19B)");
        AssertNoSecret(text, data);
    }

    [Fact]
    public async Task ResourcesList_Secrets_ShowsKeysAndSizesNeverValues()
    {
        var (text, data) = await fixture.ReadAsync("resources_list", new() { ["kind"] = "secrets" });

        data.GetProperty("secrets").EnumerateArray().Should().Contain(s => s.GetProperty("name").GetString() == "db-credentials");
        text.Should().Contain("db-credentials");
        AssertNoSecret(text, data);
    }

    private static void AssertNoSecret(string text, JsonElement data)
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(SeededPassword));
        foreach (var leak in new[] { SeededPassword, encoded, encoded[..12] })
        {
            text.Should().NotContain(leak);
            data.GetRawText().Should().NotContain(leak);
        }
    }
}
