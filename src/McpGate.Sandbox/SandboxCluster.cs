using System.Net;
using System.Security.Cryptography;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Auth;
using McpGate.Sandbox.Controllers;
using McpGate.Sandbox.Diagnostics;
using McpGate.Sandbox.Faults;
using McpGate.Sandbox.Hosting;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;
using McpGate.Sandbox.Seeding;
using McpGate.Sandbox.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
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
    private readonly ControllerManager _controller;
    private readonly ILogger _logger;
    private readonly SandboxCertificates _certificates;
    private readonly RequestCounter _requests;
    private StatePersister? _persister;
    private int _disposed;

    private SandboxCluster(WebApplication app, ControllerManager controller, ObjectService objects, SandboxCertificates certificates, Uri baseAddress, Uri secureBaseAddress, string token, SandboxFaults faults, RequestCounter requests, ILogger logger)
    {
        Faults = faults;
        _requests = requests;
        _app = app;
        _controller = controller;
        _certificates = certificates;
        Objects = objects;
        BaseAddress = baseAddress;
        SecureBaseAddress = secureBaseAddress;
        Token = token;
        _logger = logger;
    }

    /// <summary>http://127.0.0.1:PORT</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// https://127.0.0.1:PORT2, serving the same API with a certificate signed by
    /// <see cref="CertificateAuthorityPem"/>. The kubeconfig points here: kubectl (client-go)
    /// never sends kubeconfig credentials to a plain-http server.
    /// </summary>
    public Uri SecureBaseAddress { get; }

    /// <summary>The PEM certificate of the per-cluster CA that signed the HTTPS certificate.</summary>
    public string CertificateAuthorityPem => _certificates.AuthorityPem;

    /// <summary>The bearer token every request must carry.</summary>
    public string Token { get; }

    /// <summary>The live fault script (the same instance as <see cref="SandboxOptions.Faults"/>).</summary>
    public SandboxFaults Faults { get; }

    /// <summary>Every request received since start (or the last <see cref="ResetRequestCounts"/>), faulted or not.</summary>
    public long RequestCount => _requests.Total;

    internal ObjectService Objects { get; }

    /// <summary>
    /// Requests received whose method matches (any when null, case-insensitive) and whose path
    /// (without query) starts with <paramref name="pathPrefix"/>.
    /// </summary>
    public long CountRequests(string? method, string pathPrefix)
    {
        ArgumentNullException.ThrowIfNull(pathPrefix);
        return _requests.Count(method, pathPrefix);
    }

    /// <summary>Requests whose upper-case method and path (without query) <paramref name="match"/> accepts, counted in one pass.</summary>
    public long CountRequests(Func<string, string, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return _requests.Count(match);
    }

    /// <summary>
    /// Issues a client certificate signed by the cluster CA (ECDSA P-256): the HTTPS endpoint
    /// authenticates it as <paramref name="user"/> in <paramref name="groups"/>. The user is
    /// cluster-admin unless listed in <see cref="SandboxOptions.ViewUsers"/> (and not in system:masters).
    /// </summary>
    public SandboxClientCertificate IssueClientCertificate(string user, params string[] groups) =>
        IssueClientCertificate(user, groups, SandboxKeyAlgorithm.EcdsaP256);

    /// <summary>Issues a client certificate with the chosen key type; see <see cref="IssueClientCertificate(string, string[])"/>.</summary>
    public SandboxClientCertificate IssueClientCertificate(string user, IEnumerable<string> groups, SandboxKeyAlgorithm keyAlgorithm)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        ArgumentNullException.ThrowIfNull(groups);
        return _certificates.IssueClient(user, groups.ToList(), keyAlgorithm);
    }

    /// <summary>Sets every request count back to zero.</summary>
    public void ResetRequestCounts() => _requests.Reset();

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
        var controller = new ControllerManager(objects, options.TimeProvider, options.PodReadyDelay, logger);
        var loaded = options.StatePath is not null && File.Exists(options.StatePath);
        if (loaded)
        {
            var (state, revision) = StateFile.Read(options.StatePath!, objects.Registry);
            objects.Store.LoadState(state, revision);
            SandboxLog.StateLoaded(logger, options.StatePath!, revision);
        }
        else if (options.SeedDemo)
        {
            DemoSeed.Apply(objects);
        }

        if (options.ScenarioPath is not null && !loaded)
        {
            if (!options.SeedDemo)
            {
                NodeSeed.Apply(objects);
            }

            try
            {
                ScenarioLoader.Apply(objects, options.ScenarioPath);
            }
            catch
            {
                await controller.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        if (!loaded && (options.SeedDemo || options.ScenarioPath is not null))
        {
            controller.Settle();
        }

        var addedSystemNamespace = SystemNamespaces.Ensure(objects);
        StatePersister? persister = null;
        if (options.StatePath is not null)
        {
            persister = new StatePersister(objects.Store, options.StatePath, options.TimeProvider, logger);
            if (!loaded || addedSystemNamespace)
            {
                await persister.SaveNowAsync().ConfigureAwait(false);
            }
        }

        var certificates = SandboxCertificates.Create();
        var authenticator = new Authenticator(token, new Dictionary<string, string>(options.AdditionalTokens, StringComparer.Ordinal),
            new HashSet<string>(options.ViewUsers, StringComparer.Ordinal), certificates);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Listen(IPAddress.Loopback, options.HttpsPort, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = certificates.Serving,
                // Request a client certificate but do not require one; the authenticator checks it
                // against the cluster CA, so a foreign certificate is a 401, not a failed handshake.
                ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                ClientCertificateValidation = (_, _, _) => true,
            }));
        });
        builder.Services.RemoveAll<ILoggerFactory>();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        var app = builder.Build();
        var requests = new RequestCounter();
        var handler = new ApiRequestHandler(authenticator, objects, options.Faults, requests, options.TimeProvider, options.WatchBookmarkInterval, options.ServeMetrics, logger);
        app.Run(handler.HandleAsync);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await controller.DisposeAsync().ConfigureAwait(false);
            if (persister is not null)
            {
                await persister.DisposeAsync().ConfigureAwait(false);
            }

            certificates.Dispose();
            throw;
        }

        var addresses = (app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            .Select(a => new Uri(a))
            .ToList();
        var baseAddress = new Uri($"http://127.0.0.1:{PortOf(addresses, Uri.UriSchemeHttp)}");
        var secureBaseAddress = new Uri($"https://127.0.0.1:{PortOf(addresses, Uri.UriSchemeHttps)}");
        controller.Start();
        SandboxLog.Started(logger, baseAddress);
        return new SandboxCluster(app, controller, objects, certificates, baseAddress, secureBaseAddress, token, options.Faults, requests, logger)
        {
            _persister = persister,
        };
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
        if (_persister is not null)
        {
            await _persister.DisposeAsync().ConfigureAwait(false);
        }

        _certificates.Dispose();
        SandboxLog.Stopped(_logger);
    }

    private static int PortOf(IEnumerable<Uri> addresses, string scheme) =>
        addresses.FirstOrDefault(a => string.Equals(a.Scheme, scheme, StringComparison.Ordinal))?.Port
        ?? throw new InvalidOperationException($"The sandbox server did not report its {scheme} address.");
}
