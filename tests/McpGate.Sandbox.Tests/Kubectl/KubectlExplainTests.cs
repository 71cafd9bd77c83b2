using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Kubectl;

/// <summary>kubectl explain walks the sandbox's OpenAPI v3 schemas.</summary>
public sealed class KubectlExplainTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public KubectlExplainTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    public static TheoryData<string, string, string> Fields => new()
    {
        { "deployment.spec.replicas", "FIELD: replicas <integer>", "Number of desired pods" },
        { "pods.spec.containers", "FIELD: containers <[]Container>", "List of containers belonging to the pod" },
        { "pods.spec.containers.resources.limits", "FIELD: limits <map[string]Quantity>", "maximum amount of compute resources" },
        { "pdb.spec.minAvailable", "FIELD: minAvailable <IntOrString>", "An eviction is allowed" },
        { "cronjobs.spec.jobTemplate.spec.template.spec.restartPolicy", "FIELD: restartPolicy <string>", "Restart policy for all containers" },
        { "hpa.spec.maxReplicas", "FIELD: maxReplicas <integer>", "upper limit for the number of replicas" },
        { "nodes.spec.taints", "FIELD: taints <[]Taint>", "the node's taints" },
        { "events.involvedObject.fieldPath", "FIELD: fieldPath <string>", "a piece of an object" },
    };

    [KubectlTheory]
    [MemberData(nameof(Fields))]
    public async Task Explain_FieldPath_PrintsTypeAndDescription(string path, string header, string description)
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("explain", path);

        exitCode.Should().Be(0, stderr);
        stdout.Should().Contain(header);
        string.Join(' ', stdout.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)).Should().Contain(description);
    }

    [KubectlFact]
    public async Task Explain_Containers_ListsTheContainerFields()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("explain", "pods.spec.containers");

        exitCode.Should().Be(0, stderr);
        stdout.Should().Contain("KIND:       Pod").And.Contain("VERSION:    v1");
        stdout.Should().MatchRegex(@"\n  image\t<string>").And.MatchRegex(@"\n  ports\t<\[\]ContainerPort>").And.MatchRegex(@"\n  resources\t<ResourceRequirements>");
    }

    [KubectlFact]
    public async Task Explain_UnknownField_FailsNamingIt()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var (exitCode, _, stderr) = await kubectl.RunAsync("explain", "deployment.spec.nonsense");

        exitCode.Should().NotBe(0);
        stderr.Should().Contain("nonsense");
    }
}
