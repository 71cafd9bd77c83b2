using System.Text;
using System.Text.RegularExpressions;

namespace McpGate.Core.Manifests;

/// <summary>
/// The path of an operation field: dotted segments, each a field name (<c>spec.replicas</c>), a quoted
/// name for keys that hold dots or slashes (<c>annotations."kubectl.kubernetes.io/restartedAt"</c>), a
/// whole <c>{parameter}</c> (<c>data.{key}</c>), or a list element selected by key
/// (<c>containers[name={container}].image</c>, sent as a strategic merge patch).
/// </summary>
public static partial class FieldPath
{
    /// <summary>The segments of <paramref name="path"/>; null with <paramref name="error"/> set when it is not a field path.</summary>
    public static IReadOnlyList<FieldPathSegment>? TryParse(string path, out string? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = new List<FieldPathSegment>();
        var i = 0;
        while (true)
        {
            string name;
            if (i < path.Length && path[i] == '"')
            {
                var end = path.IndexOf('"', i + 1);
                if (end < 0 || end == i + 1)
                {
                    error = $"an empty or unterminated quoted name at character {i + 1}";
                    return null;
                }

                name = path[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < path.Length && path[i] is not ('.' or '['))
                {
                    i++;
                }

                name = path[start..i];
                if (!NameSyntax().IsMatch(name))
                {
                    error = name.Length == 0
                        ? $"an empty segment at character {start + 1}"
                        : $"segment \"{name}\" must be a field name (letters, digits, '_', '-'), a \"quoted\" name or a whole {{parameter}}";
                    return null;
                }
            }

            string? key = null;
            string? value = null;
            if (i < path.Length && path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                var selector = end < 0 ? null : SelectorSyntax().Match(path[(i + 1)..end]);
                if (selector is not { Success: true })
                {
                    error = $"the list selector after \"{name}\" must be [key=value], e.g. containers[name={{container}}]";
                    return null;
                }

                key = selector.Groups["key"].Value;
                value = selector.Groups["value"].Value;
                i = end + 1;
            }

            segments.Add(new FieldPathSegment { Name = name, Key = key, Value = value });
            if (i == path.Length)
            {
                break;
            }

            if (path[i] != '.')
            {
                error = $"expected '.' at character {i + 1}";
                return null;
            }

            i++;
        }

        error = null;
        return segments;
    }

    /// <summary>The path as text with resolved names, for messages: <c>spec.template.spec.containers[name=web].image</c>.</summary>
    public static string Describe(IEnumerable<FieldPathSegment> segments)
    {
        var text = new StringBuilder();
        foreach (var segment in segments)
        {
            if (text.Length > 0)
            {
                text.Append('.');
            }

            text.Append(segment.Name.Contains('.', StringComparison.Ordinal) || segment.Name.Contains('/', StringComparison.Ordinal) ? $"\"{segment.Name}\"" : segment.Name);
            if (segment.SelectsElement)
            {
                text.Append('[').Append(segment.Key).Append('=').Append(segment.Value).Append(']');
            }
        }

        return text.ToString();
    }

    [GeneratedRegex(@"\A(?:[A-Za-z0-9_-]+|\{[^{}]+\})\z")]
    private static partial Regex NameSyntax();

    [GeneratedRegex(@"\A(?<key>[A-Za-z0-9_-]+)=(?<value>[^\[\]\s]+)\z")]
    private static partial Regex SelectorSyntax();
}
