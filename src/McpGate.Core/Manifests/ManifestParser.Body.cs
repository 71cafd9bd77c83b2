using McpGate.Core.Cluster;
using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Manifests;

/// <summary>What an operation sends: fields set from parameters, or a body the agent passes whole.</summary>
internal sealed partial class ManifestParser
{
    /// <summary>
    /// <c>body: '{manifest}'</c>: exactly one placeholder naming a required string parameter, whose
    /// value the strategy parses (YAML or JSON); null when absent or wrong (reported).
    /// </summary>
    private string? BodyParameter(YamlNode? node, IReadOnlyList<ParameterSpec> parameters)
    {
        var text = _source.Text(node, "operation.body");
        if (node is null || text is null)
        {
            return null;
        }

        if (Placeholders.Whole(text) is not { } name)
        {
            _source.Error(node, "operation.body", $"must be one '{{parameter}}' placeholder naming the string parameter that carries the content (got \"{text}\")");
            return null;
        }

        var parameter = parameters.FirstOrDefault(p => p.Name == name);
        if (parameter is null)
        {
            _source.Error(node, "operation.body", $"placeholder {{{name}}} names no parameter (known: {string.Join(", ", parameters.Select(p => p.Name))})");
            return null;
        }

        if (parameter is not { Type: ParameterType.String, Required: true } || parameter.Enum is not null)
        {
            _source.Error(node, "operation.body", $"placeholder {{{name}}} must name a required string parameter without an enum (the agent's YAML or JSON)");
            return null;
        }

        return name;
    }

    /// <summary>
    /// <c>patch: '{patch_type}'</c>: the agent picks the patch type through a required enum parameter
    /// whose values are all patch types; null when the patch type is written out (or absent).
    /// </summary>
    private string? PatchTypeParameter(YamlNode? node, IReadOnlyList<ParameterSpec> parameters)
    {
        if (node is not YamlScalarNode { Value: { } text } || !Placeholders.HasAny(text))
        {
            return null;
        }

        var name = Placeholders.Whole(text);
        var parameter = name is null ? null : parameters.FirstOrDefault(p => p.Name == name);
        var values = parameter?.Enum?.Select(ValueText.Format).ToList();
        if (parameter is not { Type: ParameterType.String, Required: true } || values is not { Count: > 0 } || values.Any(v => !PatchTypes.ContainsKey(v)))
        {
            _source.Error(node, "operation.patch",
                $"must be merge, strategic or json, or one '{{parameter}}' placeholder naming a required string parameter whose enum holds only those (got \"{text}\")");
            return string.Empty;
        }

        return name;
    }

    /// <summary>Fields or a body, as the action takes them.</summary>
    private void CheckContent(OperationAction action, YamlNode map, YamlNode? fieldsNode, YamlNode? bodyNode)
    {
        var verb = action.WireName();
        switch (action)
        {
            case var read when read.IsRead():
                if (fieldsNode is not null)
                {
                    _source.Error(fieldsNode, "operation.fields", $"{verb} does not set fields");
                }

                if (bodyNode is not null)
                {
                    _source.Error(bodyNode, "operation.body", $"{verb} does not take a body");
                }

                break;
            case OperationAction.Scale:
                if (bodyNode is not null)
                {
                    _source.Error(bodyNode, "operation.body", "scale sets fields; it does not take a body (use action: patch)");
                }
                else if (fieldsNode is null)
                {
                    _source.Error(map, "operation.fields", "is required for scale");
                }

                break;
            case OperationAction.Patch:
                if (fieldsNode is not null && bodyNode is not null)
                {
                    _source.Error(bodyNode, "operation.body", "a patch takes either fields or a body, not both");
                }
                else if (fieldsNode is null && bodyNode is null)
                {
                    _source.Error(map, "operation.fields", "is required for patch (or operation.body: a patch document from a parameter)");
                }

                break;
            case OperationAction.Apply:
                if (fieldsNode is not null)
                {
                    _source.Error(fieldsNode, "operation.fields", "apply does not set fields; it applies the objects in operation.body");
                }

                if (bodyNode is null)
                {
                    _source.Error(map, "operation.body", "is required for apply: a '{parameter}' naming the string parameter that carries the YAML or JSON objects");
                }

                break;
            default:
                // delete, drain and rollout_undo build their own writes: no fields (rollout_undo says so itself), no body.
                if (fieldsNode is not null && action is not OperationAction.RolloutUndo)
                {
                    _source.Error(fieldsNode, "operation.fields", $"{verb} does not set fields");
                }

                if (bodyNode is not null)
                {
                    _source.Error(bodyNode, "operation.body", $"{verb} does not take a body");
                }

                break;
        }
    }

    /// <summary>An apply's objects name their own kinds and names; its namespace is the one the policy decides on.</summary>
    private void CheckApply(YamlNode map, YamlNode? resourceNode, YamlNode? nameNode, YamlNode? namespaceNode)
    {
        if (resourceNode is not null)
        {
            _source.Error(resourceNode, "operation.resource", "apply takes each object's kind from the body; remove it");
        }

        if (nameNode is not null)
        {
            _source.Error(nameNode, "operation.name", "apply takes each object's name from the body; remove it");
        }

        if (namespaceNode is null)
        {
            _source.Error(map, "operation.namespace", "is required for apply: the policy decides by namespace, and every object must be in it");
        }
    }
}
