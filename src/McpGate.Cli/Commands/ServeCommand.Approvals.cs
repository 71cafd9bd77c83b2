using System.CommandLine;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Crypto;
using McpGate.Core.Policy;
using McpGate.Core.Storage;
using McpGate.Server.Approvals;
using McpGate.Server.Http;
using Microsoft.Extensions.Logging;

namespace McpGate.Cli.Commands;

/// <summary>The options of the approval API (<c>serve --approvals-listen</c>), checked before anything starts.</summary>
internal static partial class ServeCommand
{
    private sealed class ApprovalsApiOptionSet
    {
        public Option<string?> Address { get; } = new("--approvals-listen") { HelpName = "HOST:PORT", Description = "Serve the approval API (list, show, decide, events) and the web approval page (at /) on its own listener, never on an MCP transport. Loopback only unless --approvals-tls-cert/--approvals-tls-key. PORT 0 picks a free port; the URL is printed on stderr and written to approvals-api.json in the data directory, where 'mcpgate approvals' finds it." };

        public Option<string?> TlsCertificate { get; } = new("--approvals-tls-cert") { Description = "PEM certificate (chain) for HTTPS on --approvals-listen; with --approvals-tls-key." };

        public Option<string?> TlsKey { get; } = new("--approvals-tls-key") { Description = "PEM private key for HTTPS on --approvals-listen; with --approvals-tls-cert." };

        public IEnumerable<Option> All => [Address, TlsCertificate, TlsKey];
    }

    /// <summary>Starts the approval API when asked for, and says where it listens; a port that cannot be bound is named.</summary>
    private static async Task<ApprovalsApiHost?> StartApprovalsAsync(
        ApprovalsApiOptions? options, DataDirectory directory, PolicySet policy, Ed25519PublicKey gateKey, LogLevel level, CancellationToken cancellationToken)
    {
        if (options is null)
        {
            return null;
        }

        ApprovalsApiHost host;
        try
        {
            host = await ApprovalsApiHost.StartAsync(directory, policy, gateKey, options, level, cancellationToken);
        }
        catch (IOException ex)
        {
            throw new CliInputException($"--approvals-listen {options.Endpoint}: {ex.Message}", ex);
        }

        Terminal.Error.Line($"mcpgate: serving the approval API at {host.Url.AbsoluteUri} (approvers sign on their side: mcpgate approvals approve ID --key FILE --server {host.Url.AbsoluteUri})");
        return host;
    }

    /// <summary>The approval API's options, or null without --approvals-listen.</summary>
    private static ApprovalsApiOptions? ReadApprovalsOptions(ParseResult parse, ApprovalsApiOptionSet set, bool attached)
    {
        var address = parse.GetValue(set.Address);
        if (address is null)
        {
            foreach (var option in set.All.Skip(1).Where(o => parse.GetResult(o) is { Implicit: false }))
            {
                throw new CliInputException($"{option.Name} only applies to --approvals-listen HOST:PORT");
            }

            return null;
        }

        if (attached)
        {
            throw new CliInputException("--approvals-listen belongs on the gate that executes ('serve --service' or a plain 'serve'), not on an --attach process");
        }

        ApprovalsApiOptions options;
        try
        {
            options = new ApprovalsApiOptions
            {
                Endpoint = HttpListenAddress.Parse(address, set.Address.Name),
                TlsCertificatePath = FullPath(parse.GetValue(set.TlsCertificate)),
                TlsKeyPath = FullPath(parse.GetValue(set.TlsKey)),
            };
        }
        catch (FormatException ex)
        {
            throw new CliInputException(ex.Message, ex);
        }

        if (ApprovalsApiOptions.Refusal(options) is { } refusal)
        {
            throw new CliInputException(refusal);
        }

        foreach (var (option, path) in new[] { (set.TlsCertificate.Name, options.TlsCertificatePath), (set.TlsKey.Name, options.TlsKeyPath) })
        {
            if (path is not null && !File.Exists(path))
            {
                throw new CliInputException($"{option} {path}: file not found");
            }
        }

        return options;
    }
}
