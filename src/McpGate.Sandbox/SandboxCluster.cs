using System.Net;
using System.Security.Cryptography;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Controllers;
using McpGate.Sandbox.Diagnostics;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;
using McpGate.Sandbox.Seeding;
using McpGate.Sandbox.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGate.Sandbox;

/// <summary>
/// An in-process, Kubernetes-compatible API server on 127.0.0.1 with a deployment controller,
/// for demos and tests. Clients (ours and kubectl) talk to it over real HTTP with a bearer token.
/// </summary>
public sealed partial class SandboxCluster : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DeploymentController _controller;
    private readonly ILogger _logger;
    private int _disposed;

    private SandboxCluster(WebApplication app, DeploymentController controller, ObjectService objects, Uri baseAddress, string token, ILogger logger)
    {
        _app = app;
        _controller = controller;
        Objects = objects;
        BaseAddress = baseAddress;
        Token = token;
        _logger = logger;
    }

    /// <summary>http://127.0.0.1:PORT</summary>
    public Uri BaseAddress { get; }

    /// <summary>The bearer token every request must carry.</summary>
    public string Token { get; }

    internal ObjectService Objects { get; }

    /// <summary>Starts the server, seeds it (rolled out) when asked, then starts the controller.</summary>
    public static async Task<SandboxCluster> StartAsync(SandboxOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid sandbox options: " + string.Join(" ", errors), nameof(options));
        }

        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<SandboxCluster>();
        var token = options.Token ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var objects = new ObjectService(new ObjectStore(), BuiltInResources.CreateRegistry(), options.TimeProvider);
        var controller = new DeploymentController(objects, options.TimeProvider, options.PodReadyDelay, logger);
        if (options.SeedDemo)
        {
            DemoSeed.Apply(objects);
            controller.Settle();
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Services.RemoveAll<ILoggerFactory>();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        var app = builder.Build();
        var handler = new ApiRequestHandler(new BearerTokenCheck(token), objects, logger);
        app.Run(handler.HandleAsync);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await controller.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The sandbox server did not report its address.");
        var port = new Uri(address).Port;
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        controller.Start();
        SandboxLog.Started(logger, baseAddress);
        return new SandboxCluster(app, controller, objects, baseAddress, token, logger);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _controller.DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        SandboxLog.Stopped(_logger);
    }
}
