using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;

namespace McpGate.Sandbox.Objects;

/// <summary>A field selector over string fields ("metadata.name=web,status.phase!=Running").</summary>
internal sealed class FieldSelector
{
    private readonly IReadOnlyList<(string[] Path, bool Equal, string Value)> _clauses;

    private FieldSelector(IReadOnlyList<(string[] Path, bool Equal, string Value)> clauses)
    {
        _clauses = clauses;
    }

    public static FieldSelector Parse(string? text)
    {
        var clauses = new List<(string[] Path, bool Equal, string Value)>();
        foreach (var clause in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var notEqual = clause.IndexOf("!=", StringComparison.Ordinal);
            var equal = clause.IndexOf('=', StringComparison.Ordinal);
            var (at, length, isEqual) = notEqual > 0 ? (notEqual, 2, false)
                : clause.Contains("==", StringComparison.Ordinal) ? (clause.IndexOf("==", StringComparison.Ordinal), 2, true)
                : (equal, 1, true);
            if (at <= 0)
            {
                throw new ApiException(ApiErrors.BadRequest($"invalid field selector: '{clause}'"));
            }

            clauses.Add((clause[..at].Split('.'), isEqual, clause[(at + length)..]));
        }

        return new FieldSelector(clauses);
    }

    public bool Matches(JsonObject obj) =>
        _clauses.All(c => string.Equals(JsonFields.String(obj, c.Path) ?? string.Empty, c.Value, StringComparison.Ordinal) == c.Equal);
}
