using System.Net;
using McpGate.Server.Http;

namespace McpGate.Server.Approvals;

/// <summary>How the approval API listens (<c>serve --approvals-listen</c>) and what it lets through.</summary>
public sealed record ApprovalsApiOptions
{
    /// <summary>A decision is one DSSE envelope of a few kilobytes; anything much larger is not one.</summary>
    public const long DefaultMaxBodyBytes = 64 * 1024;

    public const int DefaultRequestsPerMinute = 120;

    public const int DefaultMaxEventStreams = 16;

    public required IPEndPoint Endpoint { get; init; }

    /// <summary>PEM certificate (chain) for HTTPS; with <see cref="TlsKeyPath"/>.</summary>
    public string? TlsCertificatePath { get; init; }

    /// <summary>PEM private key for HTTPS; with <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsKeyPath { get; init; }

    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>Requests one client address may make per minute, in bursts up to that many; past it, 429.</summary>
    public int RequestsPerMinute { get; init; } = DefaultRequestsPerMinute;

    /// <summary>Event streams open at once; past it, 503.</summary>
    public int MaxEventStreams { get; init; } = DefaultMaxEventStreams;

    /// <summary>How often an event stream reads the ledger for new entries.</summary>
    public TimeSpan EventPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock of rate limits and expiry checks.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public bool UsesTls => TlsCertificatePath is not null;

    /// <summary>
    /// Why these options may not be used, naming the option to add, or null. Off loopback the API
    /// needs TLS: a decision is signed, but what the approver reads before signing must not be
    /// open to tampering on the way. There is no plain-HTTP escape hatch.
    /// </summary>
    public static string? Refusal(ApprovalsApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if ((options.TlsCertificatePath is null) != (options.TlsKeyPath is null))
        {
            return "--approvals-tls-cert and --approvals-tls-key go together: give both (PEM certificate and PEM private key), or neither";
        }

        if (!IPAddress.IsLoopback(options.Endpoint.Address) && !options.UsesTls)
        {
            return $"--approvals-listen {HttpListenAddress.Show(options.Endpoint)}: {options.Endpoint.Address} is not a loopback address; "
                + "the approval API serves other hosts only over HTTPS: add --approvals-tls-cert FILE --approvals-tls-key FILE";
        }

        return null;
    }
}
