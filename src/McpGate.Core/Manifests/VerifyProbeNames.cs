namespace McpGate.Core.Manifests;

/// <summary>
/// Checks every write tool's <c>verify.expect</c> against the names of the probes registered at
/// start: the parser only knows the shape of a name, the registry knows which exist.
/// </summary>
public static class VerifyProbeNames
{
    /// <summary>One error per manifest whose expectation names no registered probe, in manifest order.</summary>
    public static IReadOnlyList<string> Check(ManifestSet manifests, IReadOnlyCollection<string> registered)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(registered);
        var known = registered.ToHashSet(StringComparer.Ordinal);
        var list = string.Join(", ", registered.Order(StringComparer.Ordinal));
        return [.. manifests.Tools
            .Where(t => t.Verify is { } v && !known.Contains(v.Expect))
            .Select(t => $"{t.Verify!.ExpectLocation}: verify.expect: no verification probe is registered as {t.Verify.Expect} (known: {list})")];
    }
}
