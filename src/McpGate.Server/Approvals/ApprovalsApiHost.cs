using System.Net;
using System.Security.Cryptography.X509Certificates;
using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Core.Policy;
using McpGate.Core.Storage;
using McpGate.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGate.Server.Approvals;

/// <summary>
/// The approval API on a listener of its own (its own Kestrel app and port), never on an MCP
/// transport: an agent's MCP connection cannot reach it. It reads and appends to the data
/// directory's ledger through a connection of its own, with the policy and gate public key the
/// gate loaded; it holds no private key and never calls the cluster. While it runs, its URL is
/// published in the data directory (<see cref="ApprovalsApiAddress"/>).
/// </summary>
public sealed class ApprovalsApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ChangeLedger _ledger;
    private readonly X509Certificate2? _certificate;
    private readonly DataDirectory _directory;

    private ApprovalsApiHost(WebApplication app, ChangeLedger ledger, X509Certificate2? certificate, DataDirectory directory, Uri url)
    {
        _app = app;
        _ledger = ledger;
        _certificate = certificate;
        _directory = directory;
        Url = url;
    }

    /// <summary>The API's base URL with the port actually bound, e.g. <c>http://127.0.0.1:7443/</c>.</summary>
    public Uri Url { get; }

    /// <exception cref="IOException">The port cannot be bound.</exception>
    public static async Task<ApprovalsApiHost> StartAsync(
        DataDirectory directory,
        PolicySet policy,
        Ed25519PublicKey gateKey,
        ApprovalsApiOptions options,
        LogLevel logLevel,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(gateKey);
        ArgumentNullException.ThrowIfNull(options);
        if (ApprovalsApiOptions.Refusal(options) is { } refusal)
        {
            throw new ArgumentException(refusal, nameof(options));
        }

        var certificate = options.UsesTls ? X509Certificate2.CreateFromPemFile(options.TlsCertificatePath!, options.TlsKeyPath) : null;
        var ledger = ChangeLedger.Open(directory.LedgerPath, options.Time);
        try
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            McpGateServer.ConfigureLogging(builder.Logging, logLevel);
            builder.WebHost.UseKestrelCore();
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                // The endpoint enforces its own, smaller limit with a JSON 413; this one bounds every other path.
                kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes * 2;
                kestrel.Listen(options.Endpoint, listen =>
                {
                    if (certificate is not null)
                    {
                        listen.UseHttps(certificate);
                    }
                });
            });
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(ledger);
            builder.Services.AddSingleton(policy);
            builder.Services.AddSingleton(gateKey);
            builder.Services.AddSingleton<ApprovalsEventStream>();
            builder.Services.AddSingleton(new ApprovalsOrigin(options, certificate));
            builder.Services.AddSingleton<ApprovalsEndpoints>();
            var app = builder.Build();
            var endpoints = app.Services.GetRequiredService<ApprovalsEndpoints>();
            app.Run(endpoints.DispatchAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var port = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).First().Port;
            var bound = new IPEndPoint(options.Endpoint.Address, port);
            var url = new Uri($"{(options.UsesTls ? "https" : "http")}://{Http.HttpListenAddress.Show(bound)}/");
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<ApprovalsApiHost>();
            try
            {
                var addressFile = ApprovalsApiAddress.PathIn(directory);
                ApprovalsApiAddress.Write(directory, url, options.Time.GetUtcNow());
                ApprovalsApiLog.Listening(logger, url.AbsoluteUri, addressFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                var addressFile = ApprovalsApiAddress.PathIn(directory);
                ApprovalsApiLog.AddressNotPublished(logger, addressFile, ex.Message, url.AbsoluteUri);
            }

            return new ApprovalsApiHost(app, ledger, certificate, directory, url);
        }
        catch
        {
            ledger.Dispose();
            certificate?.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        ApprovalsApiAddress.RemoveIfOwn(_directory, Url);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stop.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _ledger.Dispose();
            _certificate?.Dispose();
        }
    }
}
