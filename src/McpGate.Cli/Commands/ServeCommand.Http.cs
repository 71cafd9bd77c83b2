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
        public Option<string?> Address { get; } = new("--http") { Description = "Serve MCP Streamable HTTP at http://HOST:PORT/mcp (with sessions unless --stateless; agents authenticate with bearer tokens from the policy directory's tokens.yaml). Loopback only unless --tls-cert/--tls-key or --allow-insecure-remote. PORT 0 picks a free port; the URL is printed on stderr." };

        public Option<bool> Stdio { get; } = new("--stdio") { Description = "With --http: serve stdio too, in the same process (it stops when the stdio client disconnects)." };

        public Option<string?> TlsCertificate { get; } = new("--tls-cert") { Description = "PEM certificate (chain) for HTTPS on --http; with --tls-key." };

        public Option<string?> TlsKey { get; } = new("--tls-key") { Description = "PEM private key for HTTPS on --http; with --tls-cert." };

        public Option<bool> AllowInsecureRemote { get; } = new("--allow-insecure-remote") { Description = "Allow plain HTTP on a non-loopback --http address (only behind a TLS-terminating proxy): bearer tokens would otherwise cross the network in clear." };

        public Option<string[]> AllowOrigins { get; } = new("--allow-origin") { Description = "A browser origin (scheme://host[:port]) allowed to call --http; repeatable. Requests with any other Origin header get 403.", AllowMultipleArgumentsPerToken = true };

        public Option<bool> Stateless { get; } = new("--stateless") { Description = "With --http: no sessions. Every POST is served on its own and GET and DELETE get 405, so several gates behind a load balancer can serve the same clients." };

        public Option<string?> SessionIdleTimeout { get; } = new("--session-idle-timeout") { HelpName = "DURATION", Description = $"With --http: end a session after this long without an open request, e.g. 90s, 30m, 2h (default {(int)GateHttpLimits.DefaultSessionIdleTimeout.TotalMinutes}m). The client then gets 404 and opens a new one." };

        public Option<string?> MaxSessions { get; } = new("--max-sessions") { HelpName = "N", Description = $"With --http: the most sessions alive at once (default {GateHttpLimits.DefaultMaxSessions}); past it, initialize gets 503." };

        public Option<string?> MaxSessionsPerIdentity { get; } = new("--max-sessions-per-identity") { HelpName = "N", Description = $"With --http: the most sessions alive at once for one agent identity (default {GateHttpLimits.DefaultMaxSessionsPerIdentity}); past it, initialize gets 429." };

        public Option<string?> CallsPerMinute { get; } = new("--calls-per-minute") { HelpName = "N", Description = $"With --http: requests to /mcp one agent identity may make per minute, in bursts up to that many (default {GateHttpLimits.DefaultCallsPerMinute}); past it, 429 with Retry-After." };

        public Option<string?> WritesPerMinute { get; } = new("--writes-per-minute") { HelpName = "N", Description = $"With --http: calls of write tools (change proposals) one agent identity may make per minute (default {GateHttpLimits.DefaultWritesPerMinute}); past it, 429 with Retry-After and nothing is proposed." };

        public IEnumerable<Option> All => [Address, Stdio, TlsCertificate, TlsKey, AllowInsecureRemote, AllowOrigins, Stateless, SessionIdleTimeout, MaxSessions, MaxSessionsPerIdentity, CallsPerMinute, WritesPerMinute];

        public IEnumerable<Option> SessionOptions => [SessionIdleTimeout, MaxSessions, MaxSessionsPerIdentity];
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
            var maxSessions = Count(parse, http.MaxSessions, GateHttpLimits.DefaultMaxSessions);
            var callsPerMinute = Count(parse, http.CallsPerMinute, GateHttpLimits.DefaultCallsPerMinute);
            options = new GateHttpOptions
            {
                Endpoint = HttpListenAddress.Parse(address),
                TokensPath = AgentTokenFile.PathIn(policiesPath),
                TlsCertificatePath = FullPath(parse.GetValue(http.TlsCertificate)),
                TlsKeyPath = FullPath(parse.GetValue(http.TlsKey)),
                AllowInsecureRemote = parse.GetValue(http.AllowInsecureRemote),
                AllowedOrigins = [.. (parse.GetValue(http.AllowOrigins) ?? []).Select(Origin)],
                Stateless = parse.GetValue(http.Stateless),
                SessionIdleTimeout = parse.GetValue(http.SessionIdleTimeout) is { } idle ? GateHttpLimits.ParseDuration(http.SessionIdleTimeout.Name, idle) : GateHttpLimits.DefaultSessionIdleTimeout,
                MaxSessions = maxSessions,
                MaxSessionsPerIdentity = Count(parse, http.MaxSessionsPerIdentity, Math.Min(GateHttpLimits.DefaultMaxSessionsPerIdentity, maxSessions)),
                CallsPerMinute = callsPerMinute,
                WritesPerMinute = Count(parse, http.WritesPerMinute, Math.Min(GateHttpLimits.DefaultWritesPerMinute, callsPerMinute)),
            };
        }
        catch (FormatException ex)
        {
            throw new CliInputException(ex.Message, ex);
        }

        if (options.Stateless && http.SessionOptions.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } sessionOption)
        {
            throw new CliInputException($"{sessionOption.Name} applies to sessions, and --stateless serves none: leave one of them out");
        }

        if ((HttpListenAddress.Refusal(options) ?? GateHttpLimits.Refusal(options)) is { } refusal)
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

    private static int Count(ParseResult parse, Option<string?> option, int fallback) =>
        parse.GetValue(option) is { } text ? GateHttpLimits.ParseCount(option.Name, text) : fallback;

    private static string? FullPath(string? path) => path is null ? null : Path.GetFullPath(path);

    private static string Origin(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.PathAndQuery == "/" && text.TrimEnd('/').Length == uri.GetLeftPart(UriPartial.Authority).Length
            ? uri.GetLeftPart(UriPartial.Authority)
            : throw new CliInputException($"--allow-origin {Identities.Show(text)}: must be an origin, scheme://host[:port] with no path, e.g. http://localhost:6274");
}
