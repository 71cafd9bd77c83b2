using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGate.Adversarial.Tests.Identities;
using McpGate.Sandbox;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Sandbox;
using ModelContextProtocol.Client;

namespace McpGate.Adversarial.Tests.PodReads;

/// <summary>
/// A real <c>mcpgate serve --kubeconfig</c> in front of a sandbox that runs in the test (so it can count
/// requests), seeded with namespace <c>hostile</c>: a pod whose environment, annotations and command carry
/// credentials, and events whose messages carry tokens and private keys.
/// </summary>
public sealed class PodReadsGate : IAsyncLifetime
{
    public const string Namespace = "hostile";

    /// <summary>A JWT-shaped bearer token (three base64url parts).</summary>
    public const string Jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImFkdiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdCJ9.c2lnbmF0dXJlLW9mLXRoZS1hZHZlcnNhcnk";

    public const string PrivateKeyBody = "MIIEowIBAAKCAQEAadversarialkeymaterialthatmustneverleave";

    private readonly TempDirectory _temp = new("mcpgate-adv-podreads-");

    /// <summary>Values that must never appear in any answer.</summary>
    public static IReadOnlyList<string> Secrets { get; } =
    [
        "hunter2-env-value", "plain-value-under-an-innocent-name", "c2VjcmV0LWluLWxhc3QtYXBwbGllZA==", "secret-in-last-applied",
        Jwt, PrivateKeyBody, "ZWMtcHJpdmF0ZS1rZXk",
    ];

    public SandboxCluster Sandbox { get; private set; } = null!;

    public McpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sandbox = await SandboxCluster.StartAsync(new SandboxOptions { PodReadyDelay = TimeSpan.FromMilliseconds(50) });
        var kubeconfig = _temp.Combine("kubeconfig");
        await Sandbox.WriteKubeconfigAsync(kubeconfig, "sandbox");
        using var http = SandboxHttpClients.Create(Sandbox);
        await PostAsync(http, "/api/v1/namespaces", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Namespace } });
        await PostAsync(http, $"/api/v1/namespaces/{Namespace}/pods", HostilePod());
        var messages = new[]
        {
            $"pulling with Authorization: Bearer {Jwt}",
            $"token={Jwt}",
            $"config:\n-----BEGIN RSA PRIVATE KEY-----\n{PrivateKeyBody}\n-----END RSA PRIVATE KEY-----\n",
            $"-----BEGIN EC PRIVATE KEY-----ZWMtcHJpdmF0ZS1rZXk-----END EC PRIVATE KEY-----",
            $"unterminated -----BEGIN PRIVATE KEY-----\n{PrivateKeyBody}",
        };
        for (var i = 0; i < messages.Length; i++)
        {
            await PostAsync(http, $"/api/v1/namespaces/{Namespace}/events", new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Event",
                ["metadata"] = new JsonObject { ["name"] = $"leak-{i}", ["namespace"] = Namespace },
                ["involvedObject"] = new JsonObject { ["kind"] = "Pod", ["name"] = "leaky", ["namespace"] = Namespace },
                ["reason"] = "Leak",
                ["message"] = messages[i],
                ["type"] = "Warning",
                ["count"] = 1,
            });
        }

        await Sandbox.WaitForSettledAsync(TimeSpan.FromSeconds(30));
        var (_, alice) = await ApproverKeys.GenerateAsync("alice", _temp.Combine("alice.pem"));
        var policies = _temp.CopyPolicies(("approvers.yaml", $"approvers:\n{alice}\n"));
        Client = await McpGateClient.StartAsync(["--kubeconfig", kubeconfig, "--context", "sandbox", "--data-dir", _temp.Combine("data"), "--policies", policies, "--agent", "adversary", "--log-level", "Warning"]);
    }

    public async Task DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        _temp.Dispose();
    }

    /// <summary>Requests that could change the cluster, received so far.</summary>
    public long Writes() =>
        SandboxWrites.Count(Sandbox);

    private static async Task PostAsync(HttpClient http, string path, JsonObject body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
    }

    private static JsonObject HostilePod() => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject
        {
            ["name"] = "leaky",
            ["namespace"] = Namespace,
            ["labels"] = new JsonObject { ["app"] = "leaky" },
            ["annotations"] = new JsonObject
            {
                ["kubectl.kubernetes.io/last-applied-configuration"] = """{"kind":"Secret","data":{"password":"c2VjcmV0LWluLWxhc3QtYXBwbGllZA=="},"stringData":{"x":"secret-in-last-applied"}}""",
            },
        },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "app",
                    ["image"] = "nginx:1.27",
                    ["args"] = new JsonArray($"--token={Jwt}"),
                    ["env"] = new JsonArray(
                        new JsonObject { ["name"] = "DB_PASSWORD", ["value"] = "hunter2-env-value" },
                        new JsonObject { ["name"] = "GREETING", ["value"] = "plain-value-under-an-innocent-name" },
                        new JsonObject { ["name"] = "API_KEY", ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = "db", ["key"] = "api-key" } } }),
                },
                new JsonObject { ["name"] = "sidecar", ["image"] = "ghcr.io/example/worker:1.0" }),
        },
    };
}
