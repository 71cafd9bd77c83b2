using System.Text.Json.Nodes;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Kubectl;

public sealed class KubectlPatchTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public KubectlPatchTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task SetImage_ChangesOnlyTheImage_KeepingPorts()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var set = await kubectl.RunAsync("set", "image", "deployment/api", "api=ghcr.io/example/api:1.5.0", "-n", "demo");
        var json = await kubectl.RunAsync("get", "deployment", "api", "-n", "demo", "-o", "json");

        set.ExitCode.Should().Be(0, set.Stderr);
        set.Stdout.Trim().Should().Be("deployment.apps/api image updated");
        var container = JsonNode.Parse(json.Stdout)!["spec"]!["template"]!["spec"]!["containers"]![0]!;
        ((string)container["image"]!).Should().Be("ghcr.io/example/api:1.5.0");
        container["ports"]!.AsArray().Should().ContainSingle();
    }

    [Theory]
    [InlineData("strategic", """{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"MODE","value":"s"}]}]}}}}""")]
    [InlineData("merge", """{"metadata":{"annotations":{"patched-by":"merge"}}}""")]
    [InlineData("json", """[{"op":"add","path":"/metadata/labels/patched","value":"json"}]""")]
    public async Task Patch_EachType_Succeeds(string type, string patch)
    {
        using var client = _fixture.CreateHttpClient();
        var name = $"patch-{type}";
        var created = SandboxApi.Deployment(name, 1);
        created["metadata"]!["name"] = name;
        created["spec"]!["template"]!["spec"]!["containers"]![0]!["name"] = "web";
        (await SandboxApi.SendAsync(client, HttpMethod.Post, SandboxApi.DeploymentsPath, created)).Status.Should().Be(System.Net.HttpStatusCode.Created);
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var result = await kubectl.RunAsync("patch", "deployment", name, "-n", "demo", "--type", type, "-p", patch);
        var json = JsonNode.Parse((await kubectl.RunAsync("get", "deployment", name, "-n", "demo", "-o", "json")).Stdout)!;

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Trim().Should().Be($"deployment.apps/{name} patched");
        var container = json["spec"]!["template"]!["spec"]!["containers"]![0]!;
        ((string)container["image"]!).Should().Be("nginx:1.27");
        switch (type)
        {
            case "strategic":
                ((string)container["env"]![0]!["value"]!).Should().Be("s");
                break;
            case "merge":
                ((string)json["metadata"]!["annotations"]!["patched-by"]!).Should().Be("merge");
                break;
            default:
                ((string)json["metadata"]!["labels"]!["patched"]!).Should().Be("json");
                break;
        }
    }

    [Fact]
    public async Task RolloutRestart_AddsRestartedAtAnnotation()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var restart = await kubectl.RunAsync("rollout", "restart", "deployment/web", "-n", "demo");
        var annotation = await kubectl.RunAsync("get", "deployment", "web", "-n", "demo", "-o",
            "jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}");
        var status = await kubectl.RunAsync("rollout", "status", "deployment/web", "-n", "demo", "--timeout=20s");

        restart.ExitCode.Should().Be(0, restart.Stderr);
        restart.Stdout.Trim().Should().Be("deployment.apps/web restarted");
        annotation.Stdout.Should().MatchRegex(@"^\d{4}-\d\d-\d\dT");
        status.ExitCode.Should().Be(0, status.Stderr);
        status.Stdout.Should().Contain("successfully rolled out");
    }

    [Fact]
    public async Task LabelAndAnnotate_UpdateMetadata()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var label = await kubectl.RunAsync("label", "namespace", "demo", "team=platform", "--overwrite");
        var annotate = await kubectl.RunAsync("annotate", "deployment", "api", "-n", "demo", "owner=alice");
        var shown = await kubectl.RunAsync("get", "ns", "-l", "team=platform", "-o", "name");

        label.ExitCode.Should().Be(0, label.Stderr);
        label.Stdout.Trim().Should().Be("namespace/demo labeled");
        annotate.ExitCode.Should().Be(0, annotate.Stderr);
        annotate.Stdout.Trim().Should().Be("deployment.apps/api annotated");
        shown.Stdout.Trim().Should().Be("namespace/demo");
    }
}
