using McpGate.Testing.Files;
using YamlDotNet.RepresentationModel;

namespace McpGate.EndToEnd.Tests.Deploy;

/// <summary>Reads the files in <c>deploy/</c>: YAML documents and the fields tests look at.</summary>
internal static class DeployYaml
{
    public static string Kubernetes => Path.Combine(RepoPaths.Root, "deploy", "kubernetes");

    public static string SystemdUnit => Path.Combine(RepoPaths.Root, "deploy", "systemd", "mcpgate.service");

    /// <summary>Every document of every file in deploy/kubernetes, in the order kubectl applies them.</summary>
    public static List<YamlMappingNode> AllDocuments() =>
        [.. Directory.EnumerateFiles(Kubernetes, "*.yaml").Order(StringComparer.Ordinal).SelectMany(f => Documents(File.ReadAllText(f)))];

    public static List<YamlMappingNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    public static YamlMappingNode Single(string kind) => AllDocuments().Should().ContainSingle(d => Text(d, "kind") == kind).Subject;

    public static YamlNode? Node(YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static string? Text(YamlNode node, params string[] path) => (Node(node, path) as YamlScalarNode)?.Value;

    public static List<YamlNode> Items(YamlNode node, params string[] path) => [.. (Node(node, path) as YamlSequenceNode)?.Children ?? []];

    public static List<string?> Texts(YamlNode node, params string[] path) => [.. Items(node, path).Select(n => (n as YamlScalarNode)?.Value)];
}
