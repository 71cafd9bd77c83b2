using McpGate.Core.Changes;

namespace McpGate.Core.Checks;

/// <summary>
/// The release score signed into every proof: the weighted share of passing checks, 0 to 100.
/// A pass earns the check's full weight, a warn half of it, a fail (or an unknown status) nothing;
/// the share is rounded half away from zero. No checks scores 0. A signal for the approver, not a gate.
/// </summary>
internal static class ReleaseScore
{
    public static int Of(IReadOnlyList<CheckRecord> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        long halves = 0;
        long possible = 0;
        foreach (var check in checks)
        {
            var weight = CheckCatalog.Weight(check.Name);
            possible += 2L * weight;
            halves += check.Passed ? 2L * weight : check.Warned ? weight : 0;
        }

        return possible == 0 ? 0 : (int)Math.Round(100m * halves / possible, MidpointRounding.AwayFromZero);
    }
}
