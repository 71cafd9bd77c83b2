using System.Text.RegularExpressions;

namespace McpGate.Core.Policy;

/// <summary>
/// The one rule for approver identities, group names and agent names: the policy loader,
/// <c>mcpgate keys generate</c> and <c>serve --agent</c> all check names with it.
/// </summary>
public static partial class Identities
{
    public const string Rule = "must be 1-128 letters, digits and . _ @ -, starting with a letter or digit";

    public static bool IsValid(string? name) => name is not null && Syntax().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$")]
    private static partial Regex Syntax();
}
