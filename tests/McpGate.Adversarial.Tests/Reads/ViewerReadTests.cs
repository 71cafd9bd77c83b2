using McpGate.Testing.Mcp;

namespace McpGate.Adversarial.Tests.Reads;

/// <summary>
/// A gate whose credentials are bound to the view role (everything but secrets): every way of reaching
/// a Secret through the read tools is refused with the verb and resource the credentials lack, and
/// nothing of the Secret is in the answer; what the role allows still answers.
/// </summary>
public sealed class ViewerReadTests(ReadGates gates) : IClassFixture<ReadGates>
{
    public static TheoryData<string, Dictionary<string, object?>, string> SecretReads => new()
    {
        { "resources_get", new() { ["kind"] = "secret", ["namespace"] = "prod", ["name"] = "db-credentials" }, "cannot get resource \"secrets\" in API group \"\" in the namespace \"prod\"" },
        { "resources_get", new() { ["kind"] = "Secret", ["api_version"] = "v1", ["namespace"] = "staging", ["name"] = "web-tls" }, "cannot get resource \"secrets\"" },
        { "resources_get", new() { ["kind"] = "SECRETS", ["namespace"] = "prod", ["name"] = "missing" }, "cannot get resource \"secrets\"" },
        { "resources_describe", new() { ["kind"] = "secrets", ["namespace"] = "prod", ["name"] = "db-credentials" }, "cannot get resource \"secrets\"" },
        { "resources_list", new() { ["kind"] = "secret", ["namespace"] = "prod" }, "cannot list resource \"secrets\" in API group \"\" in the namespace \"prod\"" },
        { "resources_list", new() { ["kind"] = "secrets" }, "cannot list resource \"secrets\" in API group \"\" at the cluster scope" },
        { "secrets_list", new() { ["namespace"] = "staging" }, "cannot list resource \"secrets\"" },
        { "secrets_list", new(), "cannot list resource \"secrets\"" },
    };

    [Theory]
    [MemberData(nameof(SecretReads))]
    public async Task SecretRead_ViewOnlyCredentials_IsForbiddenNamingVerbAndResource(string tool, Dictionary<string, object?> arguments, string expected)
    {
        var result = await gates.Viewer.CallToolAsync(tool, arguments);

        var text = McpGateClient.TextOf(result);
        result.IsError.Should().BeTrue(text);
        text.Should().Contain("The cluster read failed (Forbidden)").And.Contain(expected).And.Contain($"User \"{ReadGates.ViewUser}\"");
        text.Should().NotContain("s3cr3t-sandbox-only").And.NotContain(ReadGates.ApiToken).And.NotContain("password(");
    }

    [Theory]
    [InlineData("resources_get", "deploy", "prod", "web")]
    [InlineData("resources_describe", "deploy", "prod", "web")]
    [InlineData("resources_describe", "svc", "prod", "web")]
    public async Task AllowedRead_ViewOnlyCredentials_Answers(string tool, string kind, string ns, string name)
    {
        var data = await gates.Viewer.CallOkAsync(tool, new() { ["kind"] = kind, ["namespace"] = ns, ["name"] = name });

        data.GetRawText().Should().Contain(name);
    }

    [Fact]
    public async Task DiscoveryAndSchemas_ViewOnlyCredentials_Answer()
    {
        var resources = await gates.Viewer.CallOkAsync("api_resources_list", new());
        var explained = await gates.Viewer.CallOkAsync("explain_resource", new() { ["kind"] = "secret", ["field"] = "data" });

        resources.GetProperty("resources").EnumerateArray().Should().Contain(r => r.GetProperty("name").GetString() == "secrets");
        explained.GetProperty("type").GetString().Should().Be("map[string]string");
    }
}
