using McpGate.Core.Storage;
using McpGate.Kubernetes;
using McpGate.Server.Hosting;
using McpGate.Testing.Files;
using McpGate.Testing.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGate.Server.Tests.Hosting;

/// <summary>
/// The real start path (<see cref="GateRuntime.CreateAsync"/>, on a sandbox over HTTPS) refuses a
/// manifest whose verify.expect names no registered probe, before it opens a ledger or serves a tool.
/// </summary>
public sealed class GateRuntimeProbeNamesTests : IClassFixture<SandboxFixture>, IDisposable
{
    private const string Known = "job_complete, node_drained, node_schedulable, node_unschedulable, object_gone, object_matches, rollout_complete";
    private readonly SandboxFixture _sandbox;
    private readonly TempDirectory _temp = new("mcpgate-probe-names-");
    private readonly List<KubernetesClusterPort> _ports = [];

    public GateRuntimeProbeNamesTests(SandboxFixture sandbox) => _sandbox = sandbox;

    public void Dispose()
    {
        _ports.ForEach(p => p.Dispose());
        _temp.Dispose();
    }

    [Theory]
    [InlineData("rollout_done")]
    [InlineData("object_absent")]
    [InlineData("rollout_completed")]
    public async Task CreateAsync_ExpectationNoProbeHas_RefusedWithFileLineColumnAndTheKnownNames(string expect)
    {
        var manifests = CopyManifests(("scale_deployment.yaml", "expect: rollout_complete", $"expect: {expect}"));
        var data = DataDirectory.Resolve(_temp.Combine("data"));

        var act = () => StartAsync(manifests, data);

        var ex = (await act.Should().ThrowAsync<GateStartupException>()).Which;
        ex.Message.Should().Contain($"{RepoPaths.ManifestLocation("scale_deployment.yaml", "  expect: ")}: verify.expect: no verification probe is registered as {expect} (known: {Known})");
        File.Exists(data.LedgerPath).Should().BeFalse("nothing starts when a manifest is invalid");
    }

    [Fact]
    public async Task CreateAsync_EveryShippedExpectation_Starts()
    {
        var data = DataDirectory.Resolve(_temp.Combine("data-ok"));

        await using var runtime = await StartAsync(CopyManifests(), data);

        runtime.Context.Manifests.Tools.Where(t => t.Verify is not null).Select(t => t.Verify!.Expect).Should().OnlyContain(e => Known.Contains(e, StringComparison.Ordinal));
    }

    private async Task<GateRuntime> StartAsync(string manifests, DataDirectory data)
    {
        var kubeconfig = _temp.Combine($"kubeconfig-{Guid.NewGuid():N}");
        await _sandbox.Cluster.WriteKubeconfigAsync(kubeconfig, "sandbox");
        var port = KubernetesClusterPort.FromKubeconfig(kubeconfig, context: null);
        _ports.Add(port);
        return await GateRuntime.CreateAsync(
            new GateServerOptions { DataDirectory = data, ManifestsPath = manifests, PoliciesPath = _temp.CopyPolicies() },
            port, NullLoggerFactory.Instance);
    }

    private string CopyManifests(params (string File, string Find, string Replace)[] edits)
    {
        var folder = Directory.CreateDirectory(_temp.Combine($"manifests-{Guid.NewGuid():N}")).FullName;
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Manifests, "*.yaml"))
        {
            var text = File.ReadAllText(file);
            foreach (var edit in edits.Where(e => e.File == Path.GetFileName(file)))
            {
                text.Should().Contain(edit.Find);
                text = text.Replace("\n  " + edit.Find, "\n  " + edit.Replace, StringComparison.Ordinal);
            }

            File.WriteAllText(Path.Combine(folder, Path.GetFileName(file)), text);
        }

        return folder;
    }
}
