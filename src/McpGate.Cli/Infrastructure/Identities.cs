using System.Text.RegularExpressions;

namespace McpGate.Cli.Infrastructure;

/// <summary>The shape of approver identities, group names and agent names.</summary>
internal static partial class Identities
{
    public const string Rule = "must be 1-64 characters a-z, 0-9, '.', '_', '@' or '-', starting with a letter or digit";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9._@-]{0,63}$")]
    private static partial Regex Pattern();
}
