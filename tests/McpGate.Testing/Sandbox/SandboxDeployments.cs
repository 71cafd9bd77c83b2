using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGate.Sandbox;

namespace McpGate.Testing.Sandbox;

/// <summary>Creates and changes deployments in a sandbox over its real HTTP API, as kubectl would.</summary>
public static class SandboxDeployments
{
    /// <summary>Creates one deployment per name in <paramref name="ns"/> (one replica, generation 1).</summary>
    public static async Task CreateAsync(SandboxCluster cluster, string ns, IEnumerable<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(names);
        using var client = Client(cluster);
        foreach (var name in names)
        {
            var deployment = new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "Deployment",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["spec"] = new JsonObject
                {
                    ["replicas"] = 1,
                    ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                    ["template"] = new JsonObject
                    {
                        ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                        ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "nginx:1.27" }) },
                    },
                },
            };
            using var response = await client.PostAsJsonAsync($"/apis/apps/v1/namespaces/{ns}/deployments", deployment, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Sets a deployment's replicas by hand (a merge patch), behind the gate's back.</summary>
    public static async Task ScaleAsync(SandboxCluster cluster, string ns, string name, int replicas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        using var client = Client(cluster);
        using var content = new StringContent(new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } }.ToJsonString());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        using var response = await client.PatchAsync($"/apis/apps/v1/namespaces/{ns}/deployments/{name}", content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A deployment as the API returns it.</summary>
    public static async Task<JsonObject> GetAsync(SandboxCluster cluster, string ns, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        using var client = Client(cluster);
        return await client.GetFromJsonAsync<JsonObject>($"/apis/apps/v1/namespaces/{ns}/deployments/{name}", cancellationToken)
            ?? throw new InvalidOperationException($"{ns}/{name}: empty response");
    }

    private static HttpClient Client(SandboxCluster cluster)
    {
        var client = new HttpClient { BaseAddress = cluster.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cluster.Token);
        return client;
    }
}
