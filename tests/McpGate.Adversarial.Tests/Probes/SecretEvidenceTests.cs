using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes;
using McpGate.Kubernetes.Probes;
using McpGate.Testing.Files;
using McpGate.Testing.Sandbox;

namespace McpGate.Adversarial.Tests.Probes;

/// <summary>
/// Probe evidence goes to the ledger and, in short, to the change's outcome the agent reads: a
/// Secret's values must never be in it, whichever way the change wrote them and whatever someone
/// else wrote after.
/// </summary>
public sealed class SecretEvidenceTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string Written = "s3cr3t-the-gate-wrote";
    private const string Overwritten = "0th3r-s3cr3t-written-later";
    private static readonly ResourceRef s_secrets = new() { Group = string.Empty, Version = "v1", Resource = "secrets", Namespace = "demo" };
    private readonly SandboxFixture _sandbox;
    private readonly TempDirectory _temp = new("mcpgate-secret-evidence-");
    private KubernetesClusterPort _port = null!;

    public SecretEvidenceTests(SandboxFixture sandbox) => _sandbox = sandbox;

    public async Task InitializeAsync()
    {
        var kubeconfig = _temp.Combine("kubeconfig");
        await _sandbox.Cluster.WriteKubeconfigAsync(kubeconfig, "sandbox");
        _port = KubernetesClusterPort.FromKubeconfig(kubeconfig, context: null);
    }

    public async Task DisposeAsync()
    {
        await _port.DisposeAsync();
        _temp.Dispose();
    }

    public static TheoryData<string, string> Writes => new()
    {
        { "data", "data" },
        { "stringData", "stringData" },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task ObjectMatches_SecretChangedAfterTheWrite_FailsNamingKeysNeverValues(string variant, string field)
    {
        var target = await CreateSecretAsync();
        var applied = Applied(field, Written);
        await _port.Client.PatchAsync(target, applied);
        var held = await KubernetesStateProbes.Create(_port).ProbeAsync(Context(target, applied));
        await _port.Client.PatchAsync(target, Applied(field, Overwritten));

        var result = await KubernetesStateProbes.Create(_port).ProbeAsync(Context(target, applied));

        held.Status.Should().Be(ProbeStatus.Done, $"{variant}: what the change wrote holds ({held.Detail})");
        result.Status.Should().Be(ProbeStatus.Failed, variant);
        result.Evidence.Single(f => f.Name == "notHolding").Value.Should().Be("data.password: does not hold (value not shown)", variant);
        var everything = string.Join("\n", result.Evidence.Select(f => f.Value).Append(result.Detail).Concat(held.Evidence.Select(f => f.Value)).Append(held.Detail));
        foreach (var secret in new[] { Written, Overwritten })
        {
            everything.Should().NotContain(secret, variant).And.NotContain(Base64(secret), variant)
                .And.NotContain(Base64(secret)[..12], variant);
        }
    }

    private static ProbeContext Context(ResourceRef target, JsonObject applied) =>
        new() { Target = target, Expectation = "object_matches", Applied = applied };

    private static JsonObject Applied(string field, string value) => new()
    {
        [field] = new JsonObject { ["password"] = field == "data" ? Base64(value) : value },
    };

    private async Task<ResourceRef> CreateSecretAsync()
    {
        var name = $"adv-{Guid.NewGuid():N}"[..16];
        await _port.Client.CreateAsync(s_secrets, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "demo" },
            ["data"] = new JsonObject { ["password"] = Base64("initial") },
        });
        return s_secrets.WithName(name);
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
