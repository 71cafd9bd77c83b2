using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpGate.Core.Text;

namespace McpGate.Core.Manifests;

/// <summary>
/// A <see cref="ParameterType.Map"/> argument: a JSON object of keys to a string (set the key) or
/// null (remove it), as a JSON merge patch of a ConfigMap's <c>data</c> reads it. Keys follow the
/// ConfigMap key rule; values may span lines (a config file), but carry no other control, format or
/// invisible character: an approver reads them in the diff.
/// </summary>
public static partial class MapArgument
{
    /// <summary>The most keys one call may set or remove.</summary>
    public const int MaxKeys = 64;

    /// <summary>A ConfigMap key's longest length.</summary>
    public const int MaxKeyLength = 253;

    public const string KeyPattern = "^[-._a-zA-Z0-9]+$";

    /// <summary>The bound map, in the order written, or null after adding every problem to <paramref name="errors"/>, each naming the key.</summary>
    internal static IReadOnlyDictionary<string, string?>? Bind(string parameter, JsonElement element, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{parameter}: must be an object of keys to string values or null (got {Describe(element)})");
            return null;
        }

        var before = errors.Count;
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var count = 0;
        foreach (var property in element.EnumerateObject())
        {
            count++;
            var key = property.Name;
            var shown = ValueText.Quote(key);
            if (!KeySyntax().IsMatch(key) || key.Length > MaxKeyLength)
            {
                errors.Add($"{parameter}: key {shown} must match {KeyPattern} and be at most {MaxKeyLength} characters (a ConfigMap key)");
                continue;
            }

            if (values.ContainsKey(key))
            {
                errors.Add($"{parameter}: key {shown} appears more than once");
                continue;
            }

            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                values[key] = null;
            }
            else if (value.ValueKind != JsonValueKind.String)
            {
                errors.Add($"{parameter}: key {shown} must be a string (set) or null (remove) (got {Describe(value)})");
            }
            else if (!TryGetString(value, out var text))
            {
                errors.Add($"{parameter}: key {shown} has a value with an unpaired surrogate (U+D800-U+DFFF)");
            }
            else if (UntrustedText.FindWhere(text, IsForbidden) is { } found)
            {
                errors.Add($"{parameter}: key {shown} has a value with U+{found.Value:X4} at index {found.Index}: values may hold newlines and tabs, but no other control, format or invisible character");
            }
            else
            {
                values[key] = text;
            }
        }

        if (count == 0)
        {
            errors.Add($"{parameter}: must set or remove at least one key");
        }
        else if (count > MaxKeys)
        {
            errors.Add($"{parameter}: must set or remove at most {MaxKeys} keys (got {count})");
        }

        return errors.Count > before ? null : values;
    }

    /// <summary>The map as a JSON object (null values kept: they remove the key).</summary>
    public static JsonObject ToJson(IReadOnlyDictionary<string, string?> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var json = new JsonObject();
        foreach (var (key, value) in map)
        {
            json[key] = value is null ? null : JsonValue.Create(value);
        }

        return json;
    }

    /// <summary>A map from <see cref="ToJson"/>'s form; null when a value is neither a string nor null.</summary>
    public static IReadOnlyDictionary<string, string?>? FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, node) in json)
        {
            if (node is null)
            {
                map[key] = null;
            }
            else if (node is JsonValue v && v.TryGetValue<string>(out var text))
            {
                map[key] = text;
            }
            else
            {
                return null;
            }
        }

        return map;
    }

    private static bool IsForbidden(System.Text.Rune rune) => rune.Value is not ('\n' or '\t') && ParameterText.IsForbidden(rune);

    private static bool TryGetString(JsonElement element, out string text)
    {
        try
        {
            text = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = string.Empty;
            return false;
        }
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => $"number {ValueText.Truncate(element.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"boolean {element.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        _ => "null",
    };

    [GeneratedRegex(@"\A[-._a-zA-Z0-9]+\z")]
    private static partial Regex KeySyntax();
}
