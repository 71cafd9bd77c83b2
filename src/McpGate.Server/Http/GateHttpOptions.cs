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

    /// <summary>What <c>/readyz</c> asks the cluster (e.g. GET /version); null: the cluster is not asked.</summary>
    public Func<CancellationToken, Task>? ClusterCheck { get; init; }

    public bool UsesTls => TlsCertificatePath is not null;
}
