using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Tests.Support;

/// <summary>
/// A test class that writes through <see cref="KubernetesClusterPort"/> to the shared sandbox and checks the
/// cluster afterwards with its own client, behind the port's back.
/// </summary>
public abstract class PortSandboxTest : SandboxClientTest
{
    protected PortSandboxTest(KubeSandboxFixture sandbox)
        : base(sandbox)
    {
        Port = new KubernetesClusterPort(sandbox.Client(), ownsClient: true);
    }

    protected KubernetesClusterPort Port { get; }

    /// <summary>The object as the cluster has it now; null when absent.</summary>
    protected async Task<JsonObject?> ObservedAsync(ResourceRef target)
    {
        using var observer = Sandbox.Client();
        return await new KubernetesClusterPort(observer).GetAsync(target, Ct);
    }

    /// <summary>A new ConfigMap with <c>data.key = value</c>: no controller writes it, so its resourceVersion moves only when a test writes.</summary>
    protected async Task<(ResourceRef Target, JsonObject Created)> CreateConfigMapAsync(string prefix, string value = "one")
    {
        var name = TestDeployments.UniqueName(prefix);
        var created = await Client.CreateAsync(TestObjects.ConfigMaps, TestObjects.ConfigMap(name, value), cancellationToken: Ct);
        return (TestObjects.ConfigMaps.WithName(name), created);
    }

    /// <summary>A new deployment once the controllers have settled, so its resourceVersion stays put until a test writes.</summary>
    protected async Task<(ResourceRef Target, JsonObject Settled)> CreateSettledDeploymentAsync(JsonObject body)
    {
        var name = body["metadata"]!["name"]!.GetValue<string>();
        await Client.CreateAsync(TestDeployments.Collection, body, cancellationToken: Ct);
        await Sandbox.WaitForSettledAsync(Ct);
        var target = TestDeployments.Named(name);
        return (target, (await ObservedAsync(target))!);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Port.Dispose();
        }

        base.Dispose(disposing);
    }
}
