namespace McpGate.Core.Policy;

/// <summary>A parsed value with where it came from, for errors found when files are merged.</summary>
/// <param name="Location"><c>file:line:column</c>.</param>
/// <param name="Field">The dotted field, e.g. <c>rules[0].name</c>.</param>
internal sealed record Located<T>(T Value, string Location, string Field)
{
    /// <summary><c>file:line:column: field</c>, the prefix of an error about this value.</summary>
    public string Where => $"{Location}: {Field}";
}
