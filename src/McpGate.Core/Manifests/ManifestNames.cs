using System.Text.RegularExpressions;

namespace McpGate.Core.Manifests;

/// <summary>Syntax of names in manifests: tools and parameters are snake_case.</summary>
internal static partial class ManifestNames
{
    public static bool IsSnakeCase(string name) => SnakeCase().IsMatch(name);

    [GeneratedRegex(@"\A[a-z][a-z0-9_]{0,63}\z")]
    private static partial Regex SnakeCase();
}
