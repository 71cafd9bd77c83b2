using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Operations;

namespace McpGate.Core.Proofs;

/// <summary>
/// The predicate of a change proof (<see cref="ProofFormat.ProofPredicateType"/>), as one typed record:
/// <see cref="ProofBuilder"/> signs it, <see cref="ProofClaims.FromStatement"/> reads it back and
/// <see cref="ProofClaims.Mismatches"/> maps a stored change to the same parts to compare them.
/// On the wire through <see cref="ProofPredicateJson"/>. Members that proofs of older versions lack
/// are optional; the rest are required when read.
/// </summary>
internal sealed record ProofPredicate
{
    public required PredicateChangeRequest ChangeRequest { get; init; }

    public required PredicateTarget Target { get; init; }

    public required PredicateObserved Observed { get; init; }

    /// <summary>The first step's patch (or applied object), as <see cref="ChangeDocument.Patch"/>.</summary>
    public required JsonObject Patch { get; init; }

    /// <summary>What the change sends; absent from proofs made before requests were signed (read as <see cref="WriteRequest.Legacy"/>).</summary>
    [JsonConverter(typeof(SignedRequestConverter))]
    public WriteRequest? Request { get; init; }

    public required PredicateDryRun DryRun { get; init; }

    /// <summary>Written always; read as none when absent.</summary>
    public IReadOnlyList<PredicateCheck>? Checks { get; init; }

    /// <summary>Weighted share of passing checks, 0 to 100 (<see cref="McpGate.Core.Checks.ReleaseScore"/>).</summary>
    public required int ReleaseScore { get; init; }

    public required PredicatePolicy Policy { get; init; }

    /// <summary>The manifest's verification; written as <c>null</c> for a tool without one.</summary>
    public PredicateVerify? Verify { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The predicate <see cref="ProofBuilder"/> signs for <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException">The change names no cluster identity.</exception>
    public static ProofPredicate Of(ProofInput input, Sha256Digest observedDigest, Sha256Digest dryRunDigest)
    {
        ArgumentNullException.ThrowIfNull(input);
        var change = input.Change;
        if (change.ClusterIdentity is null)
        {
            throw new ArgumentException("The change names no cluster identity; a proof must say which cluster it is for.", nameof(input));
        }

        // With a request, the first target's version as the engine recorded it (none for a create); the
        // observed evidence may then hold several objects. Without one, the one observed object's.
        var observedVersion = change.Request is null
            ? input.Observed["metadata"]?["resourceVersion"]?.GetValue<string>()
            : change.ObservedResourceVersion;
        return new ProofPredicate
        {
            ChangeRequest = PredicateChangeRequest.Of(change),
            Target = PredicateTarget.Of(change.Target),
            Observed = new PredicateObserved { ResourceVersion = observedVersion, Digest = observedDigest.ToString() },
            Patch = change.Patch,
            Request = change.Request ?? WriteRequest.Legacy(change.Target, change.Patch, observedVersion),
            DryRun = new PredicateDryRun { Accepted = true, ResultDigest = dryRunDigest.ToString(), Diff = PredicateDiffLine.Of(change.Diff) },
            Checks = PredicateCheck.Of(input.Checks),
            ReleaseScore = McpGate.Core.Checks.ReleaseScore.Of(input.Checks),
            Policy = PredicatePolicy.Of(input.Policy),
            Verify = PredicateVerify.Of(change.Verify),
            IssuedAt = input.IssuedAt,
            ExpiresAt = input.ExpiresAt,
        };
    }
}
