using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Tests;

/// <summary>Small helpers over HttpClient for talking to the sandbox in tests.</summary>
internal static class SandboxApi
{
    public const string DeploymentsPath = "/apis/apps/v1/namespaces/demo/deployments";

    public static async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(
        HttpClient client, HttpMethod method, string path, JsonNode? body = null, string contentType = "application/json", CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var json = text.Length == 0 ? new JsonObject() : JsonNode.Parse(text) as JsonObject ?? new JsonObject();
        return (response.StatusCode, json);
    }

    public static async Task<JsonObject> GetAsync(HttpClient client, string path, CancellationToken cancellationToken = default)
    {
        var (status, body) = await SendAsync(client, HttpMethod.Get, path, cancellationToken: cancellationToken);
        status.Should().Be(HttpStatusCode.OK, body.ToJsonString());
        return body;
    }

    public static Task<(HttpStatusCode Status, JsonObject Body)> MergePatchAsync(HttpClient client, string path, JsonNode patch, CancellationToken cancellationToken = default) =>
        SendAsync(client, HttpMethod.Patch, path, patch, "application/merge-patch+json", cancellationToken);

    /// <summary>Creates a deployment in demo and returns it as stored.</summary>
    public static async Task<JsonObject> CreateDeploymentAsync(HttpClient client, string name, int replicas, CancellationToken cancellationToken = default)
    {
        var (status, body) = await SendAsync(client, HttpMethod.Post, DeploymentsPath, Deployment(name, replicas), cancellationToken: cancellationToken);
        status.Should().Be(HttpStatusCode.Created, body.ToJsonString());
        return body;
    }

    public static JsonObject Deployment(string name, long replicas) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = name } },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject { ["name"] = name, ["image"] = "nginx:1.27" }),
                },
            },
        },
    };

    public static string ResourceVersion(JsonObject obj) => (string)obj["metadata"]!["resourceVersion"]!;

    public static long Generation(JsonObject obj) => (long)obj["metadata"]!["generation"]!;

    public static long Long(JsonNode? node) => node is null ? 0 : node.GetValue<long>();

    /// <summary>Polls until the condition holds; fails after the timeout or when the test is cancelled.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string because, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (!await condition())
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out after {timeout} waiting until {because}.");
        }
    }
}
