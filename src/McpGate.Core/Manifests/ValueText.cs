using System.Globalization;

namespace McpGate.Core.Manifests;

/// <summary>Formats typed argument values the way messages and templates show them.</summary>
internal static class ValueText
{
    public static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IReadOnlyDictionary<string, string?> map => MapArgument.ToJson(map).ToJsonString(),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>
    /// Like <see cref="Format"/> but quotes strings, for "(got ...)" parts of messages; characters
    /// that <see cref="ParameterText"/> forbids are shown as <c>\uXXXX</c>, never raw.
    /// </summary>
    public static string Quote(object? value) => value is string s ? $"\"{ParameterText.Escape(Truncate(s))}\"" : Format(value);

    public static string Truncate(string s) => s.Length <= 64 ? s : string.Concat(s.AsSpan(0, 61), "...");
}
