using System.Text.RegularExpressions;

namespace McpGate.Core.Manifests.Yaml;

/// <summary>
/// The configured patterns already compiled (anchored to the whole value), by their text. A
/// <see cref="Regex"/> is immutable and safe to share between threads. Bounded: patterns come from
/// configuration files, and past <see cref="Capacity"/> distinct ones new patterns are compiled
/// without being kept.
/// </summary>
internal static class CompiledPatterns
{
    public const int Capacity = 1024;

    private static readonly Dictionary<string, Regex> s_patterns = new(StringComparer.Ordinal);
    private static readonly Lock s_lock = new();

    /// <summary>The compiled whole-value matcher of a pattern text that compiled before; null otherwise.</summary>
    public static Regex? TryGet(string pattern)
    {
        lock (s_lock)
        {
            return s_patterns.GetValueOrDefault(pattern);
        }
    }

    /// <summary>Keeps <paramref name="regex"/>, the whole-value matcher of <paramref name="pattern"/>, while there is room; returns it.</summary>
    public static Regex Add(string pattern, Regex regex)
    {
        lock (s_lock)
        {
            if (s_patterns.Count < Capacity)
            {
                s_patterns.TryAdd(pattern, regex);
            }
        }

        return regex;
    }
}
