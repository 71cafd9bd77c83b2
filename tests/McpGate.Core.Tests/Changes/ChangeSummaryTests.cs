using McpGate.Core.Changes;

namespace McpGate.Core.Tests.Changes;

public sealed class ChangeSummaryTests
{
    public static TheoryData<string, string> Paths => new()
    {
        { "spec.replicas", "demo/web: replicas 2 -> 5" },
        { "replicas", "demo/web: replicas 2 -> 5" },
        { "spec.template.spec.containers[name=web].image", "demo/web: image 2 -> 5" },
        { "metadata.annotations[\"kubectl.kubernetes.io/restartedAt\"]", "demo/web: annotations[\"kubectl.kubernetes.io/restartedAt\"] 2 -> 5" },
        { "data[\"a\\\"].b\"]", "demo/web: data[\"a\\\"].b\"] 2 -> 5" },
        { "spec.template.spec.containers[name=web].volumeMounts[mountPath=/a.b]", "demo/web: volumeMounts[mountPath=/a.b] 2 -> 5" },
        { "spec.args[2]", "demo/web: args[2] 2 -> 5" },
        { "spec.template.spec.containers.$order", "demo/web: $order 2 -> 5" },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Of_DiffLinePath_NamesItsLastSegment(string path, string summary)
    {
        ChangeSummary.Of("demo/web", [new DiffLine { Path = path, From = 2, To = 5 }]).Should().Be(summary);
    }

    [Fact]
    public void Of_NoLines_SaysNoChange()
    {
        ChangeSummary.Of("demo/web", []).Should().Be("demo/web: no change");
    }
}
