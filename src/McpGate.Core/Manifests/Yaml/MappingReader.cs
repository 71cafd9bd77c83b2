using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Manifests.Yaml;

/// <summary>
/// Reads the keys of one YAML map by name, remembering which keys were asked for so that
/// <see cref="ReportUnknownKeys"/> can name every key the format does not define.
/// </summary>
internal sealed class MappingReader
{
    private readonly YamlSource _source;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public MappingReader(YamlSource source, YamlMappingNode node, string field)
    {
        _source = source;
        Node = node;
        Field = field;
    }

    public YamlMappingNode Node { get; }

    /// <summary>The dotted path of this map, empty at the document root.</summary>
    public string Field { get; }

    public string FieldOf(string key) => Field.Length == 0 ? key : $"{Field}.{key}";

    public YamlNode? Optional(string key)
    {
        _known.Add(key);
        foreach (var (keyNode, value) in Node.Children)
        {
            if (keyNode is YamlScalarNode { Value: { } name } && string.Equals(name, key, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }

    public YamlNode? Required(string key)
    {
        var value = Optional(key);
        if (value is null)
        {
            _source.Error(Node, FieldOf(key), "is required");
        }

        return value;
    }

    /// <summary>Entries in document order, for maps whose keys are names (parameters, fields).</summary>
    public IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries()
    {
        foreach (var (keyNode, value) in Node.Children)
        {
            if (keyNode is YamlScalarNode { Value: { Length: > 0 } name } && !YamlSource.IsNull(keyNode))
            {
                yield return (name, keyNode, value);
            }
            else
            {
                _source.Error(keyNode, Field, "keys must be non-empty strings");
            }
        }
    }

    public void ReportUnknownKeys()
    {
        foreach (var keyNode in Node.Children.Keys)
        {
            var name = (keyNode as YamlScalarNode)?.Value;
            if (name is null || !_known.Contains(name))
            {
                _source.Error(
                    keyNode,
                    FieldOf(name ?? "?"),
                    $"unknown key (expected one of: {string.Join(", ", _known)})");
            }
        }
    }
}
