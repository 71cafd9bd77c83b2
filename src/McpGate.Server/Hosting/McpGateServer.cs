using System.Reflection;
using System.Runtime.InteropServices;
using McpGate.Core.Manifests;
using McpGate.Server.Resources;
using McpGate.Server.Tools;
using McpGate.Server.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGate.Server.Hosting;

/// <summary>Hosts a gate as an MCP server over stdio (stdout carries protocol only; logs go to stderr) or HTTP.</summary>
public static partial class McpGateServer
{
    public const string Instructions =
        "McpGate exposes infrastructure tools. Read tools answer from the cluster. Write tools never change anything directly: " +
        "they return a change id that a human approves outside this conversation with their own key; approval given in the chat does not count. " +
        "Follow a change with get_change (wait_seconds to wait); changes_list finds your own changes, e.g. a change id you lost.";

    public static string Version { get; } =
        typeof(McpGateServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>
    /// The MCP tools for a gate: one per manifest, plus <c>get_change</c>, <c>changes_list</c> and
    /// <c>contexts_list</c>. With a <see cref="GateContext.ReadLog"/>, every read-only tool's calls are recorded.
    /// </summary>
    public static IReadOnlyList<McpServerTool> CreateTools(GateContext gate, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var tools = new List<McpServerTool>();
        tools.AddRange(gate.Manifests.Tools.Select(m => new ManifestTool(m, gate, loggerFactory.CreateLogger<ManifestTool>())));
        tools.Add(new GetChangeTool(gate, loggerFactory.CreateLogger<GetChangeTool>()));
        tools.Add(new ChangesListTool(gate));
        tools.Add(new ContextsListTool(gate));
        return gate.ReadLog is { } readLog
            ? [.. tools.Select(t => t.ProtocolTool.Annotations?.ReadOnlyHint == true ? new RecordedReadTool(t, readLog, gate) : t)]
            : tools;
    }

    /// <summary>
    /// The tools as <c>tools/list</c> shows them, in <see cref="CreateTools"/>'s order, from the
    /// manifests alone: what a gate lists while its runtime starts.
    /// </summary>
    internal static IReadOnlyList<Tool> DescribeTools(ManifestSet manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        return [.. manifests.Tools.Select(ManifestTool.Describe), GetChangeTool.Describe(), ChangesListTool.Describe(), ContextsListTool.Describe()];
    }

    /// <summary>
    /// The gate's MCP resources (changes, their proofs, approvals and timelines, policies, manifests)
    /// and the subscriptions on them; <see cref="GateResources.Register"/> puts them on a server's options.
    /// </summary>
    internal static GateResources CreateResources(GateContext gate, ILoggerFactory loggerFactory, out ChangeSubscriptions subscriptions)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        subscriptions = new ChangeSubscriptions(gate.Engine, gate.Time, loggerFactory.CreateLogger<ChangeSubscriptions>());
        return new GateResources(gate, subscriptions, loggerFactory.CreateLogger<GateResources>());
    }

    /// <summary>
    /// Serves MCP over stdio while the gate's runtime may still be starting: <c>initialize</c> and
    /// <c>tools/list</c> are answered at once, tool calls and resources wait for the runtime. Runs until
    /// the client leaves or the gate is stopped. The runtime is the caller's to dispose.
    /// </summary>
    /// <param name="logging">
    /// The caller's logging, made with <see cref="CreateLoggerFactory(LogLevel)"/> at <paramref name="logLevel"/>
    /// (it is the caller's to dispose); null: the server makes its own.
    /// </param>
    /// <exception cref="GateStartupException">The runtime failed to start (the server stopped then).</exception>
    public static async Task RunStdioAsync(GateStart start, LogLevel logLevel, ILoggerFactory? logging, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        using var ownLogging = logging is null ? CreateLoggerFactory(logLevel) : null;
        var loggerFactory = logging ?? ownLogging!;

        // As the generic host's console lifetime did: SIGTERM, SIGINT and SIGQUIT stop the server gracefully.
        using var signalled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var terminate = StopOn(PosixSignal.SIGTERM, signalled);
        using var interrupt = StopOn(PosixSignal.SIGINT, signalled);
        using var quit = StopOn(PosixSignal.SIGQUIT, signalled);

        // The gate's own stdio transport: it answers malformed input with the specific JSON-RPC error and logs refusals in one line.
        var transport = CreateStdioTransport(Console.OpenStandardInput(), Console.OpenStandardOutput(), loggerFactory);
        await using var disposeTransport = transport.ConfigureAwait(false);
        await RunAsync(start, transport, loggerFactory, signalled.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// One MCP session over <paramref name="transport"/> for a gate whose runtime may still be starting,
    /// with the gate's background work (<see cref="GateServices"/>) started before the session and stopped
    /// after it. No generic host: one session needs none, and without one (its container, options and
    /// lifetime) tools/list came about a tenth sooner in the process benchmark. Returns when the client
    /// leaves or <paramref name="cancellationToken"/> stops it.
    /// </summary>
    /// <exception cref="GateStartupException">The runtime failed to start (the session was stopped then).</exception>
    internal static async Task RunAsync(GateStart start, ITransport transport, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var (options, subscriptions) = CreateServerOptions(start, loggerFactory);
        var services = new GateServices(start, subscriptions, stopping.Cancel, loggerFactory);
        await using var disposeServices = services.ConfigureAwait(false);
        await services.StartAsync(stopping.Token).ConfigureAwait(false);
        try
        {
            var server = McpServer.Create(transport, options, loggerFactory);
            await using var disposeServer = server.ConfigureAwait(false);
            await server.RunAsync(stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped by a signal, the caller, or a start that failed.
        }
        finally
        {
            // Resource subscriptions end, the read log drains, the engine stops, the last checkpoint is signed.
            await services.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        services.ThrowIfFailed();
    }

    private static PosixSignalRegistration? StopOn(PosixSignal signal, CancellationTokenSource stopping)
    {
        try
        {
            return PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                stopping.Cancel();
            });
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The MCP server's options for a gate (its tools, resources and instructions), and the subscriptions they serve.</summary>
    private static (McpServerOptions Options, Task<ChangeSubscriptions> Subscriptions) CreateServerOptions(GateStart start, ILoggerFactory loggerFactory)
    {
        var (tools, subscriptions, resources) = WhenReady(start, loggerFactory);
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "mcpgate", Version = Version },
            ServerInstructions = Instructions,
            ToolCollection = [.. DeferredTools(start, tools)],
        };
        GateResources.Register(options, start, resources);
        return (options, subscriptions);
    }

    /// <summary>
    /// The gate as a service, without MCP (<c>serve --service</c>): the engine's loop settles
    /// approvals and executes approved changes for the data directory until stopped (SIGTERM,
    /// SIGINT). Agents reach it through <c>serve --attach</c> processes that share the directory.
    /// </summary>
    public static async Task RunServiceAsync(GateRuntime runtime, LogLevel logLevel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        ConfigureLogging(builder.Logging, logLevel);
        using var loggerFactory = CreateLoggerFactory(logLevel);
        builder.Services.AddSingleton(runtime.Context.Engine);
        AddGateServices(builder.Services, GateStart.Ready(runtime), subscriptions: null, loggerFactory);
        using var host = builder.Build();
        await RunGateHostAsync(host, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a host with <see cref="GateServices"/> until it stops, then throws what stopped the gate from starting, if anything did.</summary>
    private static async Task RunGateHostAsync(IHost host, CancellationToken cancellationToken)
    {
        var gateServices = host.Services.GetRequiredService<GateServices>();
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        gateServices.ThrowIfFailed();
    }

    /// <summary>
    /// The gate's services and MCP tools, the same for every transport; the caller adds the transport.
    /// Nothing here waits for the runtime: the tools are listed from the manifests, and what needs the
    /// runtime (tool calls, resources, the engine's loop) waits for it.
    /// </summary>
    private static IMcpServerBuilder AddGate(IServiceCollection services, GateStart start, ILoggerFactory loggerFactory, out Task<ChangeSubscriptions> subscriptions)
    {
        (var tools, subscriptions, var resources) = WhenReady(start, loggerFactory);

        // Before the MCP server: hosted services stop in reverse order, so the read log drains after the last read,
        // and the resource subscriptions end before the engine stops.
        AddGateServices(services, start, subscriptions, loggerFactory);

        return services
            .AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "mcpgate", Version = Version };
                options.ServerInstructions = Instructions;
                GateResources.Register(options, start, resources);
            })
            .WithTools(DeferredTools(start, tools));
    }

    /// <summary>What is made from the runtime once it is ready: the tools (by name), the resource subscriptions, the resources.</summary>
    private static (Task<IReadOnlyDictionary<string, McpServerTool>> Tools, Task<ChangeSubscriptions> Subscriptions, Task<GateResources> Resources) WhenReady(GateStart start, ILoggerFactory loggerFactory)
    {
        var tools = GateStart.Observed(ToolsWhenReadyAsync(start.Runtime, loggerFactory));
        var subscriptions = GateStart.Observed(SubscriptionsWhenReadyAsync(start.Runtime, loggerFactory));
        var resources = GateStart.Observed(ResourcesWhenReadyAsync(start.Runtime, subscriptions, loggerFactory));
        return (tools, subscriptions, resources);
    }

    private static IEnumerable<McpServerTool> DeferredTools(GateStart start, Task<IReadOnlyDictionary<string, McpServerTool>> tools) =>
        DescribeTools(start.Manifests).Select(t => new DeferredTool(t, start, tools));

    private static void AddGateServices(IServiceCollection services, GateStart start, Task<ChangeSubscriptions>? subscriptions, ILoggerFactory loggerFactory)
    {
        services.AddSingleton(sp => new GateServices(start, subscriptions, sp.GetRequiredService<IHostApplicationLifetime>().StopApplication, loggerFactory));
        services.AddHostedService(sp => sp.GetRequiredService<GateServices>());
    }

    private static async Task<IReadOnlyDictionary<string, McpServerTool>> ToolsWhenReadyAsync(Task<GateRuntime> runtime, ILoggerFactory loggerFactory)
    {
        var ready = await runtime.ConfigureAwait(false);
        return CreateTools(ready.Context, loggerFactory).ToDictionary(t => t.ProtocolTool.Name, StringComparer.Ordinal);
    }

    private static async Task<ChangeSubscriptions> SubscriptionsWhenReadyAsync(Task<GateRuntime> runtime, ILoggerFactory loggerFactory)
    {
        var ready = await runtime.ConfigureAwait(false);
        return new ChangeSubscriptions(ready.Context.Engine, ready.Context.Time, loggerFactory.CreateLogger<ChangeSubscriptions>());
    }

    private static async Task<GateResources> ResourcesWhenReadyAsync(Task<GateRuntime> runtime, Task<ChangeSubscriptions> subscriptions, ILoggerFactory loggerFactory)
    {
        var ready = await runtime.ConfigureAwait(false);
        return new GateResources(ready.Context, await subscriptions.ConfigureAwait(false), loggerFactory.CreateLogger<GateResources>());
    }

    /// <summary>The gate's MCP transport over a pair of streams: stdin and stdout in production, pipes in tests.</summary>
    public static ITransport CreateStdioTransport(Stream input, Stream output, ILoggerFactory loggerFactory) =>
        new GateStdioTransport(input, output, loggerFactory);

    /// <summary>
    /// Categories logged less than the level asked for. The SDK logs a client's mistake (unknown tool,
    /// unknown method, bad params) as a warning or an error with a stack trace; the gate's transport logs
    /// every error answer in one line instead, and the tools log their own failures, so the SDK's own
    /// lines would only repeat them. ASP.NET Core's per-request lines repeat what the HTTP endpoint logs
    /// (without ever a token).
    /// </summary>
    private static readonly (string Category, LogLevel Level)[] s_quieter =
    [
        ("ModelContextProtocol", LogLevel.None),
        ("Microsoft.AspNetCore", LogLevel.Warning),
    ];

    /// <summary>Logging to stderr only (stdout belongs to the MCP stdio transport), for a host's builder.</summary>
    public static void ConfigureLogging(ILoggingBuilder logging, LogLevel level)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        logging.SetMinimumLevel(level);
        foreach (var (category, categoryLevel) in s_quieter)
        {
            logging.AddFilter(category, categoryLevel);
        }

        logging.AddProvider(new StderrLoggerProvider());
    }

    /// <summary>The same logging as <see cref="ConfigureLogging"/>, as a logger factory built without a service container.</summary>
    public static ILoggerFactory CreateLoggerFactory(LogLevel level) => CreateLoggerFactory(level, writer: null);

    /// <param name="writer">Where the lines go; stderr when null.</param>
    internal static ILoggerFactory CreateLoggerFactory(LogLevel level, TextWriter? writer)
    {
        var filters = new LoggerFilterOptions { MinLevel = level };
        foreach (var (category, categoryLevel) in s_quieter)
        {
            filters.Rules.Add(new LoggerFilterRule(providerName: null, category, categoryLevel, filter: null));
        }

        return new LoggerFactory([new StderrLoggerProvider(writer)], filters);
    }
}
