using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;

namespace McpGate.Kubernetes.Tests.Api;

public sealed class KubeResourcePathTests
{
    public static TheoryData<ResourceRef, string?, string> Paths => new()
    {
        { new ResourceRef { Group = "", Version = "v1", Resource = "pods", Namespace = "demo", Name = "web-1" }, null, "/api/v1/namespaces/demo/pods/web-1" },
        { new ResourceRef { Group = "", Version = "v1", Resource = "namespaces", Name = "demo" }, null, "/api/v1/namespaces/demo" },
        { new ResourceRef { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo" }, null, "/apis/apps/v1/namespaces/demo/deployments" },
        { new ResourceRef { Group = "apps", Version = "v1", Resource = "deployments" }, null, "/apis/apps/v1/deployments" },
        { new ResourceRef { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" }, "scale", "/apis/apps/v1/namespaces/demo/deployments/web/scale" },
        { new ResourceRef { Group = "", Version = "v1", Resource = "configmaps", Namespace = "demo", Name = "a b/c?d" }, null, "/api/v1/namespaces/demo/configmaps/a%20b%2Fc%3Fd" },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void For_Target_BuildsApiPath(ResourceRef target, string? subresource, string expected) =>
        KubeResourcePath.For(target, subresource).Should().Be(expected);

    [Fact]
    public void For_DotDotName_IsRejected()
    {
        var act = () => KubeResourcePath.For(new ResourceRef { Group = "", Version = "v1", Resource = "pods", Namespace = "demo", Name = ".." });

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void WithQuery_SkipsNullsAndEscapesValues() =>
        KubeResourcePath.WithQuery("/api/v1/pods", ("labelSelector", "app in (web,api)"), ("limit", null), ("dryRun", "All"))
            .Should().Be("/api/v1/pods?labelSelector=app%20in%20%28web%2Capi%29&dryRun=All");
}
