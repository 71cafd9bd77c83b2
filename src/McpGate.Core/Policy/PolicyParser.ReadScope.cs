using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Policy;

internal sealed partial class PolicyParser
{
    private void ParseReadScope(YamlNode? node)
    {
        var map = _source.Mapping(node, "readScope");
        if (map is null)
        {
            return;
        }

        var before = _errors.Count;
        var namespaces = Selectors(map, "namespaces", required: false, SelectorKind.Name);
        var denyNode = map.Optional("deny");
        var deny = _source.StringList(denyNode, "readScope.deny", allowEmpty: true) ?? [];
        for (var i = 0; i < deny.Count; i++)
        {
            if (!ResourceName().IsMatch(deny[i]))
            {
                _source.Error(((YamlSequenceNode)denyNode!).Children[i], $"readScope.deny[{i}]",
                    $"must be a lower-case plural resource, with its group for other than the core group: secrets, configmaps, deployments.apps (got {Identities.Show(deny[i])})");
            }
        }

        var clusterNode = map.Optional("clusterScoped");
        var clusterScoped = clusterNode is null || _source.Boolean(clusterNode, "readScope.clusterScoped") != false;
        map.ReportUnknownKeys();
        if (_errors.Count == before)
        {
            _file.ReadScope = new(
                new ReadScope { Namespaces = namespaces, Deny = deny, ClusterScoped = clusterScoped, Location = _source.Location(node!) },
                _source.Location(node!),
                "readScope");
        }
    }

    [GeneratedRegex(@"\A[a-z][a-z0-9]*(\.[a-z0-9]([-a-z0-9.]*[a-z0-9])?)?\z")]
    private static partial Regex ResourceName();
}
