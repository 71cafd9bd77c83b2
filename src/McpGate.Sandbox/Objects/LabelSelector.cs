using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;

namespace McpGate.Sandbox.Objects;

/// <summary>A label selector, parsed from a query string or from a LabelSelector object.</summary>
internal sealed class LabelSelector
{
    private readonly IReadOnlyList<LabelRequirement> _requirements;

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements)
    {
        _requirements = requirements;
    }

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEmpty => _requirements.Count == 0;

    /// <summary>Parses "app=web,tier!=db,env in (a,b),!legacy"; throws a 400 ApiException when malformed.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<LabelRequirement>();
        foreach (var clause in SplitClauses(text))
        {
            requirements.Add(ParseClause(clause.Trim(), text));
        }

        return new LabelSelector(requirements);
    }

    /// <summary>Reads a metav1.LabelSelector ({matchLabels, matchExpressions}).</summary>
    public static LabelSelector FromJson(JsonObject? selector)
    {
        if (selector is null)
        {
            return Everything;
        }

        var requirements = JsonFields.StringMap(selector["matchLabels"])
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new LabelRequirement(p.Key, "=", [p.Value]))
            .ToList();
        foreach (var expression in selector["matchExpressions"] as JsonArray ?? [])
        {
            var key = JsonFields.String(expression, "key") ?? string.Empty;
            var values = (JsonFields.FindArray(expression, "values") ?? []).Select(v => v?.GetValue<string>() ?? string.Empty).ToList();
            var op = JsonFields.String(expression, "operator") switch
            {
                "In" => "in",
                "NotIn" => "notin",
                "Exists" => "exists",
                _ => "!",
            };
            requirements.Add(new LabelRequirement(key, op, values));
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r.Matches(labels));

    public bool Matches(JsonObject obj) => IsEmpty || Matches(JsonFields.StringMap(JsonFields.FindObject(obj, "metadata", "labels")));

    public override string ToString() => string.Join(",", _requirements);

    private static IEnumerable<string> SplitClauses(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    private static LabelRequirement ParseClause(string clause, string text)
    {
        if (clause.Length == 0)
        {
            throw Malformed(text);
        }

        if (clause.StartsWith('!'))
        {
            return new LabelRequirement(clause[1..].Trim(), "!", []);
        }

        foreach (var op in (string[])["!=", "==", "="])
        {
            var at = clause.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                return new LabelRequirement(clause[..at].Trim(), op == "==" ? "=" : op, [clause[(at + op.Length)..].Trim()]);
            }
        }

        var parts = clause.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 2)
        {
            var rest = parts[1];
            foreach (var op in (string[])["notin", "in"])
            {
                if (rest.StartsWith(op, StringComparison.Ordinal))
                {
                    var list = rest[op.Length..].Trim();
                    if (list.Length < 2 || list[0] != '(' || list[^1] != ')')
                    {
                        throw Malformed(text);
                    }

                    var values = list[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    return new LabelRequirement(parts[0], op, values);
                }
            }

            throw Malformed(text);
        }

        return new LabelRequirement(clause, "exists", []);
    }

    private static ApiException Malformed(string text) =>
        new(ApiErrors.BadRequest($"unable to parse requirement: found '{text}', expected: label selector"));
}
