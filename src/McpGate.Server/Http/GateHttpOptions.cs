using System.Net;

namespace McpGate.Server.Http;

/// <summary>How <c>serve --http</c> listens and whom it lets in.</summary>
public sealed record GateHttpOptions
{
    /// <summary>The largest request body read, the same bound as a stdio line.</summary>
    public const long DefaultMaxBodyBytes = 4 * 1024 * 1024;

    public required IPEndPoint Endpoint { get; init; }

    /// <summary><c>tokens.yaml</c> in the policy directory, re-read when it changes.</summary>
    public required string TokensPath { get; init; }

    /// <summary>PEM certificate (chain) for HTTPS; with <see cref="TlsKeyPath"/>.</summary>
    public string? TlsCertificatePath { get; init; }

    /// <summary>PEM private key for HTTPS; with <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsKeyPath { get; init; }

    /// <summary>Plain HTTP on a non-loopback address, which the operator asked for explicitly.</summary>
    public bool AllowInsecureRemote { get; init; }

    /// <summary>
    /// Browser origins (<c>scheme://host[:port]</c>) allowed to call; a request carrying any other
    /// <c>Origin</c> gets 403 (DNS rebinding). Clients that are not browsers send no Origin.
    /// </summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>
    /// No sessions: every POST is served by its own SDK server, GET and DELETE get 405. For several
    /// gate processes behind a balancer, where a session would live in one process only.
    /// </summary>
    public bool Stateless { get; init; }

    /// <summary>How long a session may go without an open request before it ends.</summary>
    public TimeSpan SessionIdleTimeout { get; init; } = GateHttpLimits.DefaultSessionIdleTimeout;

    /// <summary>The most sessions alive at once, for all identities together.</summary>
    public int MaxSessions { get; init; } = GateHttpLimits.DefaultMaxSessions;

    /// <summary>The most sessions alive at once for one identity.</summary>
    public int MaxSessionsPerIdentity { get; init; } = GateHttpLimits.DefaultMaxSessionsPerIdentity;

    /// <summary>Requests to <c>/mcp</c> one identity may make per minute (a token bucket of this size).</summary>
    public int CallsPerMinute { get; init; } = GateHttpLimits.DefaultCallsPerMinute;

    /// <summary>Calls of manifest write tools (proposals) one identity may make per minute.</summary>
    public int WritesPerMinute { get; init; } = GateHttpLimits.DefaultWritesPerMinute;

    /// <summary>The clock of session expiry and rate limits; tests move it by hand.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>What <c>/readyz</c> asks the cluster (e.g. GET /version); null: the cluster is not asked.</summary>
    public Func<CancellationToken, Task>? ClusterCheck { get; init; }

    public bool UsesTls => TlsCertificatePath is not null;
}
