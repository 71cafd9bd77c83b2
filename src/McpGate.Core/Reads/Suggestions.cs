namespace McpGate.Core.Reads;

/// <summary>"Did you mean": the candidates nearest a misspelt name (edit distance, then shared prefix).</summary>
public static class Suggestions
{
    public static IReadOnlyList<string> Nearest(string name, IEnumerable<string> candidates, int count = 5)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        var lower = name.ToLowerInvariant();
        return [.. candidates
            .Select(c => (Name: c, Distance: Distance(lower, c.ToLowerInvariant()), Prefix: Prefix(lower, c.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(2, lower.Length / 3) || c.Prefix >= Math.Min(4, lower.Length) || c.Name.Contains(lower, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.Distance)
            .ThenByDescending(c => c.Prefix)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name)
            .Distinct(StringComparer.Ordinal)
            .Take(count)];
    }

    private static int Prefix(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        return i;
    }

    /// <summary>Levenshtein distance, two rows.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
