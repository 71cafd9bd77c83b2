using McpGate.Core.Changes;

namespace McpGate.Core.Checks;

/// <summary>
/// One check a manifest can pick (<c>checks: [...]</c>): it looks at the target and the dry run
/// and records pass, warn or fail with a one-line detail and the digest of what it looked at.
/// </summary>
internal interface IProofCheck
{
    /// <summary>Stable snake_case name, as written in manifests and signed into proofs.</summary>
    string Name { get; }

    /// <summary>How much the check counts in the release score (see <see cref="ReleaseScore"/>).</summary>
    int Weight { get; }

    /// <summary>
    /// Runs the check. Reads the cluster only through <see cref="CheckContext.Cluster"/>. A check
    /// that cannot read what it needs records <c>warn</c> saying why; it throws only when cancelled
    /// (<see cref="CheckRunner"/> turns anything else into a warning too).
    /// </summary>
    Task<CheckRecord> RunAsync(CheckContext context, CancellationToken cancellationToken = default);
}
