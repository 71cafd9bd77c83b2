using McpGate.Core.Changes;
using System.Text.Json.Nodes;
using McpGate.Core.Checks;

namespace McpGate.Core.Tests.Checks;

[Collection(CheckSandboxGroup.Name)]
public sealed class ImagePinnedCheckTests(CheckSandbox sandbox)
{
    private const string Digest = "@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public static TheoryData<string, bool> Images => new()
    {
        { "nginx" + Digest, true },
        { "ghcr.io/example/api:1.4.2" + Digest, true },
        { "nginx:1.27", false },
        { "nginx@sha256:0123", false },
        { "nginx@sha256:" + new string('A', 64), false },
        { "nginx@sha512:" + new string('a', 128), false },
        { "nginx" + Digest + "x", false },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void IsPinned_TellsDigestReferencesFromTags(string image, bool pinned) =>
        ImagePinnedCheck.IsPinned(image).Should().Be(pinned);

    [Fact]
    public async Task Run_EveryTemplateImagePinned_Passes()
    {
        var dryRun = Workload("init" + Digest, "app" + Digest);

        var record = await new ImagePinnedCheck().RunAsync(sandbox.Context(Target, dryRun, dryRun));

        record.Status.Should().Be(CheckStatus.Pass);
        record.Detail.Should().Be("2 image(s) in the dry-run pod template pinned by sha256 digest");
        record.EvidenceDigest.Should().Be(Verdict.Digest(Evidence("the dry-run pod template", "init" + Digest, "app" + Digest)));
    }

    [Fact]
    public async Task Run_AnUnpinnedTemplateImage_WarnsListingIt()
    {
        var dryRun = Workload("init" + Digest, "nginx:1.27");

        var record = await new ImagePinnedCheck().RunAsync(sandbox.Context(Target, dryRun, dryRun));

        record.Status.Should().Be(CheckStatus.Warn);
        record.Detail.Should().Be("1 of 2 image(s) in the dry-run pod template not pinned by digest: \"nginx:1.27\"");
        record.EvidenceDigest.Should().Be(Verdict.Digest(Evidence("the dry-run pod template", "init" + Digest, "nginx:1.27")));
    }

    [Fact]
    public async Task Run_TheImageBeingSet_IsCheckedRatherThanTheTemplate()
    {
        var dryRun = Workload("init:latest", "nginx:latest");

        var record = await new ImagePinnedCheck().RunAsync(sandbox.Context(Target, dryRun, dryRun, new Dictionary<string, object?> { ["image"] = "nginx" + Digest }));

        record.Status.Should().Be(CheckStatus.Pass);
        record.Detail.Should().Be("1 image(s) in the image argument pinned by sha256 digest");
        record.EvidenceDigest.Should().Be(Verdict.Digest(Evidence("the image argument", "nginx" + Digest)));
    }

    [Fact]
    public async Task Run_NoImageAnywhere_Warns()
    {
        var dryRun = new JsonObject { ["kind"] = "ConfigMap", ["data"] = new JsonObject { ["a"] = "b" } };

        var record = await new ImagePinnedCheck().RunAsync(sandbox.Context(Target, dryRun, dryRun));

        record.Status.Should().Be(CheckStatus.Warn);
        record.Detail.Should().StartWith("no container image found");
    }

    [Fact]
    public async Task Run_AnImageWithControlCharacters_IsQuotedEscapedInTheDetail()
    {
        var dryRun = Workload("evil\u001b[2J:1");

        var record = await new ImagePinnedCheck().RunAsync(sandbox.Context(Target, dryRun, dryRun));

        record.Detail.Should().Contain("\"evil\\u001b[2J:1\"").And.NotContain("\u001b");
    }

    private static McpGate.Core.Cluster.ResourceRef Target => CheckSandbox.Deployment("demo", "web");

    private static JsonObject Workload(string first, params string[] rest) => new()
    {
        ["kind"] = "Deployment",
        ["spec"] = new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["spec"] = new JsonObject
                {
                    ["initContainers"] = rest.Length == 0 ? new JsonArray() : new JsonArray(new JsonObject { ["name"] = "init", ["image"] = first }),
                    ["containers"] = new JsonArray([.. (rest.Length == 0 ? [first] : rest).Select((image, i) => (JsonNode)new JsonObject { ["name"] = $"c{i}", ["image"] = image })]),
                },
            },
        },
    };

    private static JsonObject Evidence(string source, params string[] images) =>
        new() { ["source"] = source, ["images"] = new JsonArray([.. images.Select(i => (JsonNode)i)]) };
}
