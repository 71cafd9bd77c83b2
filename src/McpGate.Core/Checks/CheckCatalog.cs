namespace McpGate.Core.Checks;

/// <summary>
/// Every check by name: the engine's built-in ones (always run, not pickable) and the library a
/// manifest picks from with <c>checks: [...]</c>. The weights used by <see cref="ReleaseScore"/> live here.
/// </summary>
internal static class CheckCatalog
{
    /// <summary>Weight of a check this version does not know (for example in an older proof).</summary>
    public const int DefaultWeight = 1;

    private static readonly Dictionary<string, int> s_builtInWeights = new(StringComparer.Ordinal)
    {
        ["target_exists"] = 1,
        ["dry_run_accepted"] = 1,
        ["no_drift"] = 1,
        ["policy_constraints"] = 1,
    };

    private static readonly IReadOnlyList<IProofCheck> s_library =
    [
        new ImagePinnedCheck(),
        new GitOpsManagedCheck(),
        new BlastRadiusCheck(),
        new PdbAllowsCheck(),
        new PreviousRevisionCheck(),
        new TargetHealthyCheck(),
    ];

    private static readonly Dictionary<string, IProofCheck> s_byName = s_library.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>Names a manifest may pick, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. s_byName.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The checks the engine always runs; a manifest cannot pick them.</summary>
    public static IReadOnlyCollection<string> BuiltIn => s_builtInWeights.Keys;

    public static IProofCheck? Find(string name) => s_byName.GetValueOrDefault(name);

    public static bool IsBuiltIn(string name) => s_builtInWeights.ContainsKey(name);

    /// <summary>The weight of a check by name, built-in or picked; <see cref="DefaultWeight"/> when unknown.</summary>
    public static int Weight(string name) =>
        s_builtInWeights.TryGetValue(name, out var weight) ? weight
        : s_byName.TryGetValue(name, out var check) ? check.Weight
        : DefaultWeight;
}
