using System.Net;
using System.Security.Cryptography.X509Certificates;
using McpGate.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGate.Server.Hosting;

public static partial class McpGateServer
{
    /// <summary>
    /// Serves MCP Streamable HTTP at <c>/mcp</c> (sessions, or stateless; bearer tokens), <c>/healthz</c> and
    /// <c>/readyz</c>, with the same tools and engine as stdio; with <paramref name="alsoStdio"/> the
    /// process serves stdio too, and stops when the stdio client disconnects. Runs until stopped.
    /// </summary>
    /// <param name="listening">Told the URL of <c>/mcp</c> once the port is bound (port 0 picks one).</param>
    public static async Task RunHttpAsync(GateRuntime runtime, GateHttpOptions http, bool alsoStdio, LogLevel logLevel, Action<Uri> listening, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(listening);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        ConfigureLogging(builder.Logging, logLevel);
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseKestrelHttpsConfiguration();
        using var certificate = http.UsesTls ? X509Certificate2.CreateFromPemFile(http.TlsCertificatePath!, http.TlsKeyPath) : null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = http.MaxBodyBytes;
            kestrel.Listen(http.Endpoint, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });

        using var loggerFactory = CreateLoggerFactory(logLevel);
        var mcp = AddGate(builder.Services, GateStart.Ready(runtime), loggerFactory, out var subscriptions);

        // The runtime is ready, and so are the subscriptions made from it: the HTTP endpoints take them directly.
        builder.Services.AddSingleton(runtime.Context);
        builder.Services.AddSingleton(runtime.Context.Engine);
        builder.Services.AddSingleton(subscriptions.Result);
        if (alsoStdio)
        {
            mcp.WithStdioServerTransport();
            builder.Services.AddSingleton<ModelContextProtocol.Protocol.ITransport>(sp => CreateStdioTransport(Console.OpenStandardInput(), Console.OpenStandardOutput(), sp.GetRequiredService<ILoggerFactory>()));
        }

        builder.Services.AddSingleton(http);
        builder.Services.AddSingleton(sp => new AgentTokenReloader(http.TokensPath, sp.GetRequiredService<ILogger<AgentTokenReloader>>()));
        builder.Services.AddSingleton<HttpSessionStore>();
        builder.Services.AddSingleton(new AgentRateLimiter(http.CallsPerMinute, http.WritesPerMinute, http.Time));
        builder.Services.AddHostedService<HttpSessionWorker>();
        builder.Services.AddSingleton<McpHttpEndpoint>();
        builder.Services.AddSingleton<HealthEndpoints>();
        builder.Services.AddSingleton<GateHttpDispatcher>();

        var app = builder.Build();
        await using var disposeApp = app.ConfigureAwait(false);
        var dispatcher = app.Services.GetRequiredService<GateHttpDispatcher>();
        app.Run(dispatcher.DispatchAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).First();
        listening(HttpListenAddress.McpUrl(new IPEndPoint(http.Endpoint.Address, bound.Port), http.UsesTls));
        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        app.Services.GetRequiredService<GateServices>().ThrowIfFailed();
    }
}
