using McpGate.Core.Checks;
using McpGate.Core.Manifests.Yaml;

namespace McpGate.Core.Manifests;

internal sealed partial class ManifestParser
{
    /// <summary>
    /// <c>checks: [gitops_managed, blast_radius]</c>: optional, write tools only, each name once and
    /// from the library; the built-in checks always run and cannot be listed.
    /// </summary>
    private List<string> ParseChecks(MappingReader root, ToolAccess? access)
    {
        var node = root.Optional("checks");
        if (node is null)
        {
            return [];
        }

        if (access == ToolAccess.Read)
        {
            _source.Error(node, "checks", "only write tools are proven; remove it or set access: write");
        }

        var sequence = _source.Sequence(node, "checks");
        if (sequence is null)
        {
            return [];
        }

        var names = new List<string>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var field = $"checks[{i}]";
            var name = _source.String(item, field);
            if (name is null)
            {
                continue;
            }

            if (CheckCatalog.IsBuiltIn(name))
            {
                _source.Error(item, field, $"{name} is built in and always runs; pick only from {string.Join(", ", CheckCatalog.Names)}");
            }
            else if (CheckCatalog.Find(name) is null)
            {
                _source.Error(item, field, $"unknown check \"{name}\" (known checks: {string.Join(", ", CheckCatalog.Names)})");
            }
            else if (names.Contains(name, StringComparer.Ordinal))
            {
                _source.Error(item, field, $"{name} is listed twice");
            }
            else
            {
                names.Add(name);
            }
        }

        return names;
    }
}
