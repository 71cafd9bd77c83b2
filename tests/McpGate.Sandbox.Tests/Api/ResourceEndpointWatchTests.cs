using System.Net;
using System.Text.Json.Nodes;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Api;

public sealed class ResourceEndpointWatchTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public ResourceEndpointWatchTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Watch_WithoutResourceVersion_ReplaysCurrentObjectsAsAdded()
    {
        using var client = _fixture.CreateHttpClient();

        await using var watch = await WatchStream.OpenAsync(client, "/api/v1/namespaces?watch=true&timeoutSeconds=1");

        watch.Response.StatusCode.Should().Be(HttpStatusCode.OK);
        watch.Response.Headers.TransferEncodingChunked.Should().BeTrue();
        var names = new List<string>();
        while (await watch.NextAsync() is { } item)
        {
            WatchStream.Type(item).Should().Be("ADDED");
            names.Add(WatchStream.Name(item));
        }

        names.Should().Contain(["default", "demo"]);
    }

    [Fact]
    public async Task Watch_FromListRevision_StreamsModifiedAndDeletedOnly()
    {
        using var client = _fixture.CreateHttpClient();
        await SandboxApi.CreateDeploymentAsync(client, "watched", 1);
        var list = await SandboxApi.GetAsync(client, SandboxApi.DeploymentsPath);
        var revision = SandboxApi.ResourceVersion(list);

        await using var watch = await WatchStream.OpenAsync(client,
            $"{SandboxApi.DeploymentsPath}?watch=1&resourceVersion={revision}&fieldSelector=metadata.name%3Dwatched");
        var (status, _) = await SandboxApi.MergePatchAsync(client, SandboxApi.DeploymentsPath + "/watched",
            new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["touched"] = "yes" } } });
        status.Should().Be(HttpStatusCode.OK);
        (await SandboxApi.SendAsync(client, HttpMethod.Delete, SandboxApi.DeploymentsPath + "/watched")).Status.Should().Be(HttpStatusCode.OK);

        var modified = await watch.NextMatchingAsync(e => (string?)e["object"]!["metadata"]!["labels"]?["touched"] == "yes");
        var deleted = await watch.NextMatchingAsync(e => WatchStream.Type(e) == "DELETED");

        WatchStream.Type(modified).Should().Be("MODIFIED");
        WatchStream.Name(modified).Should().Be("watched");
        WatchStream.Name(deleted).Should().Be("watched");
    }

    [Fact]
    public async Task Watch_WithLabelSelector_TurnsLeavingTheSelectionIntoDeleted()
    {
        using var client = _fixture.CreateHttpClient();
        var created = await SandboxApi.CreateDeploymentAsync(client, "relabelled", 1);
        var path = SandboxApi.DeploymentsPath + "/relabelled";

        await using var watch = await WatchStream.OpenAsync(client,
            $"{SandboxApi.DeploymentsPath}?watch=1&resourceVersion={SandboxApi.ResourceVersion(created)}&labelSelector=app%3Drelabelled");
        await SandboxApi.MergePatchAsync(client, path, new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "other" } } });
        await SandboxApi.MergePatchAsync(client, path, new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "relabelled" } } });

        var left = await watch.NextMatchingAsync(e => WatchStream.Name(e) == "relabelled" && WatchStream.Type(e) != "MODIFIED");
        var back = await watch.NextMatchingAsync(e => WatchStream.Name(e) == "relabelled" && WatchStream.Type(e) != "MODIFIED");

        WatchStream.Type(left).Should().Be("DELETED");
        WatchStream.Type(back).Should().Be("ADDED");
    }

    [Fact]
    public async Task Watch_FromCompactedRevision_Returns410Expired()
    {
        await using var cluster = await SandboxCluster.StartAsync(new SandboxOptions { SeedDemo = false });
        using var client = new HttpClient { BaseAddress = cluster.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", cluster.Token);
        await SandboxApi.SendAsync(client, HttpMethod.Post, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "demo" } });
        for (var i = 0; i < 1001; i++)
        {
            var (status, _) = await SandboxApi.SendAsync(client, HttpMethod.Patch, "/api/v1/namespaces/demo",
                new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } } },
                "application/merge-patch+json");
            status.Should().Be(HttpStatusCode.OK);
        }

        var (code, body) = await SandboxApi.SendAsync(client, HttpMethod.Get, "/api/v1/namespaces?watch=1&resourceVersion=1");

        code.Should().Be(HttpStatusCode.Gone);
        ((string)body["reason"]!).Should().Be("Expired");
        ((string)body["message"]!).Should().StartWith("too old resource version: 1 (");
    }

    [Fact]
    public async Task Watch_WithBookmarks_SendsBookmarkAtCurrentRevision()
    {
        await using var cluster = await SandboxCluster.StartAsync(new SandboxOptions { WatchBookmarkInterval = TimeSpan.FromMilliseconds(200) });
        using var client = new HttpClient { BaseAddress = cluster.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", cluster.Token);
        var list = await SandboxApi.GetAsync(client, SandboxApi.DeploymentsPath);

        await using var watch = await WatchStream.OpenAsync(client,
            $"{SandboxApi.DeploymentsPath}?watch=1&allowWatchBookmarks=true&resourceVersion={SandboxApi.ResourceVersion(list)}");
        var bookmark = await watch.NextMatchingAsync(e => WatchStream.Type(e) == "BOOKMARK", TimeSpan.FromSeconds(5));

        ((string)bookmark["object"]!["kind"]!).Should().Be("Deployment");
        long.Parse((string)bookmark["object"]!["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeGreaterThanOrEqualTo(long.Parse(SandboxApi.ResourceVersion(list), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Watch_WithTimeoutSeconds_EndsTheStream()
    {
        using var client = _fixture.CreateHttpClient();
        var list = await SandboxApi.GetAsync(client, "/api/v1/namespaces/demo/pods");

        await using var watch = await WatchStream.OpenAsync(client,
            $"/api/v1/namespaces/demo/pods?watch=1&timeoutSeconds=1&resourceVersion={SandboxApi.ResourceVersion(list)}&labelSelector=app%3Dnothing");

        (await watch.NextAsync(TimeSpan.FromSeconds(5))).Should().BeNull();
    }
}
