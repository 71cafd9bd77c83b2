namespace McpGate.Server.Tests.Tools;

/// <summary>api_resources_list through MCP on the sandbox's discovery documents.</summary>
public sealed class ApiResourcesToolTests(ReadGateFixture fixture) : IClassFixture<ReadGateFixture>
{
    [Fact]
    public async Task ApiResources_NoFilter_ListsEveryKindWithShortNamesAndVerbs()
    {
        var (text, data) = await fixture.ReadAsync("api_resources_list", new());

        var deployments = data.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "deployments");
        deployments.GetProperty("shortNames").EnumerateArray().Select(s => s.GetString()).Should().Contain("deploy");
        deployments.GetProperty("apiVersion").GetString().Should().Be("apps/v1");
        deployments.GetProperty("namespaced").GetBoolean().Should().BeTrue();
        deployments.GetProperty("kind").GetString().Should().Be("Deployment");
        deployments.GetProperty("verbs").EnumerateArray().Select(v => v.GetString()).Should().Contain(["get", "list", "patch"]);
        data.GetProperty("resources").EnumerateArray().Should().NotContain(r => r.GetProperty("name").GetString()!.Contains('/'), "subresources are not kinds");
        text.Should().Contain("NAME").And.Contain("SHORTNAMES").And.Contain("APIVERSION").And.Contain("NAMESPACED").And.Contain("KIND").And.Contain("VERBS");
        text.Split('\n').Should().Contain(l => l.StartsWith("deployments ", StringComparison.Ordinal) && l.Contains("deploy") && l.Contains("apps/v1") && l.Contains("Deployment"));
    }

    [Theory]
    [InlineData("apps", "deployments", "pods")]
    [InlineData("core", "pods", "deployments")]
    [InlineData("", "configmaps", "jobs")]
    [InlineData("batch", "cronjobs", "pods")]
    public async Task ApiResources_ApiGroup_OnlyThatGroup(string group, string present, string absent)
    {
        var (_, data) = await fixture.ReadAsync("api_resources_list", new() { ["api_group"] = group });

        var names = data.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
        names.Should().Contain(present).And.NotContain(absent);
        data.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("group").GetString())
            .Should().OnlyContain(g => g == (group == "core" ? string.Empty : group));
    }

    [Theory]
    [InlineData(false, "nodes", "pods")]
    [InlineData(true, "pods", "namespaces")]
    public async Task ApiResources_Namespaced_OnlyThatScope(bool namespaced, string present, string absent)
    {
        var (text, data) = await fixture.ReadAsync("api_resources_list", new() { ["namespaced"] = namespaced });

        data.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("name").GetString()).Should().Contain(present).And.NotContain(absent);
        text.Should().Contain(namespaced ? "(namespaced)" : "(cluster-scoped)");
    }

    [Fact]
    public async Task ApiResources_Verb_OnlyKindsThatSupportIt()
    {
        var (_, all) = await fixture.ReadAsync("api_resources_list", new());
        var (_, data) = await fixture.ReadAsync("api_resources_list", new() { ["verb"] = "patch" });

        data.GetProperty("resources").EnumerateArray().Should().OnlyContain(r => r.GetProperty("verbs").EnumerateArray().Any(v => v.GetString() == "patch"));
        data.GetProperty("count").GetInt32().Should().BeLessThan(all.GetProperty("count").GetInt32(), "review kinds can only be created");
    }

    [Theory]
    [InlineData("aps", "Nearest: apps")]
    [InlineData("batchh", "Nearest: batch")]
    public async Task ApiResources_UnknownGroup_NamesTheNearest(string group, string expected)
    {
        var text = await fixture.FailAsync("api_resources_list", new() { ["api_group"] = group });

        text.Should().Contain($"serves no API group \"{group}\"").And.Contain(expected);
    }

    [Fact]
    public async Task ApiResources_BadVerbSpelling_IsRefusedNamingTheParameter()
    {
        var text = await fixture.FailAsync("api_resources_list", new() { ["verb"] = "LIST; rm" });

        text.Should().Contain("verb");
    }
}
