using McpGate.Core.Cluster;
using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Manifests;

internal sealed partial class ManifestParser
{
    /// <summary>The <c>operation.propagation</c> values, as Kubernetes' DeleteOptions name them in lower case.</summary>
    internal static readonly IReadOnlyDictionary<string, DeletePropagation> Propagations = new Dictionary<string, DeletePropagation>(StringComparer.Ordinal)
    {
        ["background"] = DeletePropagation.Background,
        ["foreground"] = DeletePropagation.Foreground,
        ["orphan"] = DeletePropagation.Orphan,
    };

    /// <summary>Deletes and drains set no fields; only a delete has a propagation; a drain drains nodes.</summary>
    private void CheckRemoval(YamlMappingNode map, OperationAction? action, YamlNode? propagationNode, string? propagation,
        List<ResourceRef>? resources, YamlNode? namespaceNode, IReadOnlyList<ParameterSpec> parameters)
    {
        if (action is not { } a)
        {
            return;
        }

        if (propagationNode is not null && propagation is not null)
        {
            if (a is not OperationAction.Delete)
            {
                _source.Error(propagationNode, "operation.propagation", $"only a delete has a propagation ({a.WireName()} does not)");
            }
            else if (Placeholders.Whole(propagation) is { } name)
            {
                var parameter = parameters.FirstOrDefault(p => p.Name == name);
                var values = parameter?.Enum?.Select(ValueText.Format).ToList();
                if (parameter is null || values is null || (!parameter.Required && parameter.Default is null)
                    || values.Any(v => !Propagations.ContainsKey(v)))
                {
                    _source.Error(propagationNode, "operation.propagation",
                        $"placeholder {{{name}}} must name a required parameter (or one with a default) whose enum holds only {string.Join(", ", Propagations.Keys)}");
                }
            }
            else if (!Propagations.ContainsKey(propagation))
            {
                _source.Error(propagationNode, "operation.propagation",
                    $"must be one of {string.Join(", ", Propagations.Keys)} or a '{{parameter}}' placeholder (got \"{propagation}\")");
            }
        }

        if (a is OperationAction.Drain)
        {
            if (resources is not null && resources.Any(r => r.Group.Length != 0 || r.Version != "v1" || r.Resource != "nodes"))
            {
                _source.Error(map, "operation.resource", "a drain drains nodes: must be v1/nodes");
            }

            if (namespaceNode is not null)
            {
                _source.Error(namespaceNode, "operation.namespace", "nodes are cluster-scoped: a drain takes no namespace");
            }
        }
    }
}
