using System.Net;
using System.Text.Json.Nodes;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Resources.Apps;

public sealed class ControllerRevisionTests : IClassFixture<SandboxFixture>
{
    private const string Revisions = "/apis/apps/v1/namespaces/demo/controllerrevisions";
    private readonly SandboxFixture _fixture;

    public ControllerRevisionTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Create_ThenList_KeepsRevisionDataAndOwner()
    {
        using var client = _fixture.CreateHttpClient();

        var (status, created) = await SandboxApi.SendAsync(client, HttpMethod.Post, Revisions, Revision("cache-1", 3));
        var list = await SandboxApi.GetAsync(client, Revisions);

        status.Should().Be(HttpStatusCode.Created, created.ToJsonString());
        var stored = list["items"]!.AsArray().Single(i => i!["metadata"]!["name"]!.GetValue<string>() == "cache-1")!;
        SandboxApi.Long(stored["revision"]).Should().Be(3);
        stored["data"]!["spec"]!["template"]!["metadata"]!["labels"]!["app"]!.GetValue<string>().Should().Be("cache");
        stored["metadata"]!["ownerReferences"]![0]!["kind"]!.GetValue<string>().Should().Be("StatefulSet");
    }

    [Theory]
    [InlineData(null, "revision: Required value")]
    [InlineData(-1, "must be greater than or equal to 0")]
    public async Task Create_WithoutAValidRevision_IsInvalid(int? revision, string expected)
    {
        using var client = _fixture.CreateHttpClient();
        var body = Revision("bad-" + (revision?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"), revision ?? 0);
        if (revision is null)
        {
            body.Remove("revision");
        }

        var (status, error) = await SandboxApi.SendAsync(client, HttpMethod.Post, Revisions, body);

        status.Should().Be(HttpStatusCode.UnprocessableEntity);
        error["message"]!.GetValue<string>().Should().Contain(expected);
    }

    private static JsonObject Revision(string name, int revision) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "ControllerRevision",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["labels"] = new JsonObject { ["app"] = "cache" },
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "StatefulSet",
                ["name"] = "cache",
                ["uid"] = "5f0c2a44-8f1e-4b1e-9a7d-0d6a3c1b2e4f",
                ["controller"] = true,
            }),
        },
        ["data"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "cache" } } } } },
        ["revision"] = revision,
    };
}
