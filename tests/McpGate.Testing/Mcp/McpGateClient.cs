using System.Text.Json;
using McpGate.Testing.Processes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGate.Testing.Mcp;

/// <summary>Starts the real <c>mcpgate serve</c> process and connects the SDK's MCP client to it over stdio.</summary>
public static class McpGateClient
{
    public static Task<McpClient> StartAsync(IEnumerable<string> serveArguments, CancellationToken cancellationToken = default) =>
        StartAsync(serveArguments, environment: null, cancellationToken);

    /// <summary>As above, with extra environment variables for the server process.</summary>
    public static Task<McpClient> StartAsync(IEnumerable<string> serveArguments, IDictionary<string, string?>? environment, CancellationToken cancellationToken = default) =>
        StartAsync(serveArguments, environment, standardError: null, cancellationToken);

    /// <summary>As above, handing each line the server writes to stderr (its log) to <paramref name="standardError"/>.</summary>
    public static Task<McpClient> StartAsync(IEnumerable<string> serveArguments, IDictionary<string, string?>? environment, Action<string>? standardError, CancellationToken cancellationToken = default) =>
        StartAsync(serveArguments, environment, standardError, protocolVersion: null, cancellationToken);

    /// <summary>As above, the client asking for <paramref name="protocolVersion"/> (e.g. 2025-11-25, the last with resources/subscribe); the SDK's choice when null.</summary>
    public static async Task<McpClient> StartAsync(IEnumerable<string> serveArguments, IDictionary<string, string?>? environment, Action<string>? standardError, string? protocolVersion, CancellationToken cancellationToken = default)
    {
        var (command, arguments) = McpGateCli.Command(["serve", .. serveArguments]);
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "mcpgate",
            Command = command,
            Arguments = arguments,
            ShutdownTimeout = TimeSpan.FromSeconds(10),
            EnvironmentVariables = environment,
            StandardErrorLines = standardError,
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));

        // Like 'mcpgate demo': wait for the answer to the server/discover probe instead of falling back
        // to initialize after the SDK's 5 s while several servers start on a busy machine.
        var options = new McpClientOptions { DiscoverProbeTimeout = Timeout.InfiniteTimeSpan, ProtocolVersion = protocolVersion };
        return await McpClient.CreateAsync(transport, options, cancellationToken: timeout.Token);
    }

    /// <summary>
    /// Waits until the gate has started: over stdio it answers initialize and tools/list while it
    /// identifies the cluster and creates its data directory, ledger and keys, and resources/list
    /// waits for that (and logs no read). For tests that use the data directory before any tool call.
    /// </summary>
    public static async Task WaitUntilStartedAsync(this McpClient client, CancellationToken cancellationToken = default) =>
        await client.ListResourcesAsync(cancellationToken: cancellationToken);

    /// <summary>Calls a tool and returns its structured content; fails the test with the text on an error result.</summary>
    public static async Task<JsonElement> CallOkAsync(
        this McpClient client,
        string tool,
        Dictionary<string, object?> arguments,
        IProgress<ProgressNotificationValue>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var result = await client.CallToolAsync(tool, arguments, progress, cancellationToken: cancellationToken);
        if (result.IsError == true)
        {
            throw new InvalidOperationException($"{tool} returned an error: {TextOf(result)}");
        }

        return result.StructuredContent ?? throw new InvalidOperationException($"{tool} returned no structured content");
    }

    public static string TextOf(CallToolResult result) =>
        string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));
}
