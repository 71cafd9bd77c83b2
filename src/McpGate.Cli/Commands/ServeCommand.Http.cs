using System.CommandLine;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Policy;
using McpGate.Core.Tokens;
using McpGate.Server.Http;

namespace McpGate.Cli.Commands;

/// <summary>The options of <c>serve --http</c>, checked before anything starts.</summary>
internal static partial class ServeCommand
{
    private sealed class HttpOptions
    {
        public Option<string?> Address { get; } = new("--http") { Description = "Serve MCP Streamable HTTP at http://HOST:PORT/mcp (stateless; agents authenticate with bearer tokens from the policy directory's tokens.yaml). Loopback only unless --tls-cert/--tls-key or --allow-insecure-remote. PORT 0 picks a free port; the URL is printed on stderr." };

        public Option<bool> Stdio { get; } = new("--stdio") { Description = "With --http: serve stdio too, in the same process (it stops when the stdio client disconnects)." };

        public Option<string?> TlsCertificate { get; } = new("--tls-cert") { Description = "PEM certificate (chain) for HTTPS on --http; with --tls-key." };

        public Option<string?> TlsKey { get; } = new("--tls-key") { Description = "PEM private key for HTTPS on --http; with --tls-cert." };

        public Option<bool> AllowInsecureRemote { get; } = new("--allow-insecure-remote") { Description = "Allow plain HTTP on a non-loopback --http address (only behind a TLS-terminating proxy): bearer tokens would otherwise cross the network in clear." };

        public Option<string[]> AllowOrigins { get; } = new("--allow-origin") { Description = "A browser origin (scheme://host[:port]) allowed to call --http; repeatable. Requests with any other Origin header get 403.", AllowMultipleArgumentsPerToken = true };

        public IEnumerable<Option> All => [Address, Stdio, TlsCertificate, TlsKey, AllowInsecureRemote, AllowOrigins];
    }

    /// <summary>The HTTP options, or null without --http. Everything an operator can get wrong fails here, before the cluster is touched.</summary>
    private static GateHttpOptions? ReadHttpOptions(ParseResult parse, HttpOptions http, string policiesPath, bool asService)
    {
        var address = parse.GetValue(http.Address);
        if (address is null)
        {
            foreach (var option in http.All.Skip(1).Where(o => parse.GetResult(o) is { Implicit: false }))
            {
                throw new CliInputException($"{option.Name} only applies to --http HOST:PORT");
            }

            return null;
        }

        if (asService)
        {
            throw new CliInputException("--service and --http exclude each other: 'serve --http' already executes approved changes (--service is the gate without MCP)");
        }

        GateHttpOptions options;
        try
        {
            options = new GateHttpOptions
            {
                Endpoint = HttpListenAddress.Parse(address),
                TokensPath = AgentTokenFile.PathIn(policiesPath),
                TlsCertificatePath = FullPath(parse.GetValue(http.TlsCertificate)),
                TlsKeyPath = FullPath(parse.GetValue(http.TlsKey)),
                AllowInsecureRemote = parse.GetValue(http.AllowInsecureRemote),
                AllowedOrigins = [.. (parse.GetValue(http.AllowOrigins) ?? []).Select(Origin)],
            };
        }
        catch (FormatException ex)
        {
            throw new CliInputException(ex.Message, ex);
        }

        if (HttpListenAddress.Refusal(options) is { } refusal)
        {
            throw new CliInputException(refusal);
        }

        foreach (var (option, path) in new[] { ("--tls-cert", options.TlsCertificatePath), ("--tls-key", options.TlsKeyPath) })
        {
            if (path is not null && !File.Exists(path))
            {
                throw new CliInputException($"{option} {path}: file not found");
            }
        }

        // Fails with the file's errors, or says how to create it: a gate nobody can authenticate to is a mistake.
        AgentTokenFile.Load(options.TokensPath);
        return options;
    }

    private static string? FullPath(string? path) => path is null ? null : Path.GetFullPath(path);

    private static string Origin(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.PathAndQuery == "/" && text.TrimEnd('/').Length == uri.GetLeftPart(UriPartial.Authority).Length
            ? uri.GetLeftPart(UriPartial.Authority)
            : throw new CliInputException($"--allow-origin {Identities.Show(text)}: must be an origin, scheme://host[:port] with no path, e.g. http://localhost:6274");
}
