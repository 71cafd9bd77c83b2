using McpGate.Core.Cluster;
using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Manifests;

internal sealed partial class ManifestParser
{
    private static readonly string[] s_revisionedResources = ["deployments", "statefulsets", "daemonsets"];

    /// <summary>
    /// <c>rollout_undo</c>'s shape: no fields (the template comes from the revision), only apps/v1
    /// workloads that keep revisions, and an optional <c>operation.revision: '{parameter}'</c> naming an
    /// integer parameter. Returns that parameter's name.
    /// </summary>
    private string? ParseRevision(OperationAction action, YamlNode? revisionNode, YamlNode? fieldsNode, YamlNode? resourceNode,
        IReadOnlyList<ResourceRef>? resources, IReadOnlyList<ParameterSpec> parameters)
    {
        if (action is not OperationAction.RolloutUndo)
        {
            if (revisionNode is not null)
            {
                _source.Error(revisionNode, "operation.revision", $"only rollout_undo names a revision ({action.WireName()} does not)");
            }

            return null;
        }

        if (fieldsNode is not null)
        {
            _source.Error(fieldsNode, "operation.fields", "rollout_undo sets the pod template of a recorded revision; it takes no fields");
        }

        if (resources?.FirstOrDefault(r => r.Group != "apps" || !s_revisionedResources.Contains(r.Resource, StringComparer.Ordinal)) is { } other)
        {
            _source.Error(resourceNode!, "operation.resource",
                $"rollout_undo acts on apps/v1 deployments, statefulsets or daemonsets (got {(other.Group.Length == 0 ? string.Empty : other.Group + "/")}{other.Version}/{other.Resource})");
        }

        if (revisionNode is null)
        {
            return null;
        }

        var template = _source.Text(revisionNode, "operation.revision");
        if (template is null)
        {
            return null;
        }

        var name = Placeholders.Whole(template);
        if (name is null || parameters.FirstOrDefault(p => p.Name == name) is not { Type: ParameterType.Integer })
        {
            _source.Error(revisionNode, "operation.revision", $"must be one placeholder naming an integer parameter, e.g. '{{to_revision}}' (got \"{template}\")");
            return null;
        }

        return name;
    }
}
