using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Tests.Api;

/// <summary>Reads a watch response line by line; every read has a timeout.</summary>
internal sealed class WatchStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private WatchStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    public static async Task<WatchStream> OpenAsync(HttpClient client, string pathAndQuery, CancellationToken cancellationToken = default)
    {
        var response = await client.GetAsync(pathAndQuery, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        return new WatchStream(response, reader);
    }

    /// <summary>The next event, or null at the end of the stream.</summary>
    public async Task<JsonObject?> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var line = await _reader.ReadLineAsync(cts.Token);
        return line is null ? null : (JsonObject)JsonNode.Parse(line)!;
    }

    /// <summary>Skips events until one matches.</summary>
    public async Task<JsonObject> NextMatchingAsync(Func<JsonObject, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var line = await _reader.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException("the watch ended");
            var item = (JsonObject)JsonNode.Parse(line)!;
            if (match(item))
            {
                return item;
            }
        }
    }

    public static string Type(JsonObject watchEvent) => (string)watchEvent["type"]!;

    public static string Name(JsonObject watchEvent) => (string?)watchEvent["object"]?["metadata"]?["name"] ?? string.Empty;

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
