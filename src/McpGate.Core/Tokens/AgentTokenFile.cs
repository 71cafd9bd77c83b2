using McpGate.Core.Manifests.Yaml;
using McpGate.Core.Policy;
using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Tokens;

/// <summary>
/// <c>tokens.yaml</c> in the policy directory: the agents' bearer tokens by SHA-256, each with the
/// identity and groups it stands for. Errors follow the policy files' form
/// (<c>file:line:column: field: reason</c>), all at once.
/// </summary>
/// <example>
/// <code>
/// tokens:
///   - { identity: ci-bot, groups: [agents], sha256: '3f2a...64 hex' }
/// </code>
/// </example>
public sealed class AgentTokenFile
{
    public const string FileName = "tokens.yaml";

    private AgentTokenFile(IReadOnlyList<AgentTokenEntry> entries)
    {
        Entries = entries;
    }

    /// <summary>The tokens in file order, each with the lines it occupies.</summary>
    public IReadOnlyList<AgentTokenEntry> Entries { get; }

    public AgentTokenSet ToSet() => new([.. Entries.Select(e => e.Token)]);

    public static string PathIn(string policiesDirectory) => Path.Combine(policiesDirectory, FileName);

    /// <exception cref="PolicyValidationException">The file is missing or invalid; every problem is listed.</exception>
    public static AgentTokenFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PolicyValidationException($"{path}: token file not found; create it with a first line 'tokens:' and add the line 'mcpgate tokens create' prints");
        }

        return Parse(path, text);
    }

    /// <exception cref="PolicyValidationException">The text is invalid; every problem is listed.</exception>
    public static AgentTokenFile Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<string>();
        var source = new YamlSource(path, errors);
        var entries = new List<AgentTokenEntry>();
        var documents = source.LoadDocuments(text);
        if (documents.Count > 1)
        {
            source.Error(documents[1], string.Empty, "a token file must hold one YAML document");
        }
        else if (documents.Count == 1 && !YamlSource.IsNull(documents[0]))
        {
            var root = source.Mapping(documents[0], string.Empty);
            if (root is not null)
            {
                // 'tokens:' with nothing after it is an empty list: what revoking the last token leaves.
                var tokensNode = root.Required("tokens");
                var sequence = tokensNode is not null && YamlSource.IsNull(tokensNode) ? null : source.Sequence(tokensNode, "tokens");
                root.ReportUnknownKeys();
                for (var i = 0; sequence is not null && i < sequence.Children.Count; i++)
                {
                    if (ParseEntry(source, sequence.Children[i], $"tokens[{i}]", errors) is { } token)
                    {
                        entries.Add(new AgentTokenEntry(token, source.Location(sequence.Children[i]), FirstLine(sequence.Children[i]), LastLine(sequence.Children[i])));
                    }
                }
            }
        }

        foreach (var repeated in entries.GroupBy(e => e.Token.Sha256, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            foreach (var extra in repeated.Skip(1))
            {
                errors.Add($"{extra.Location}: sha256: is already listed at {repeated.First().Location}; a token stands for one identity");
            }
        }

        return errors.Count > 0 ? throw new PolicyValidationException(errors) : new AgentTokenFile(entries);
    }

    private static AgentToken? ParseEntry(YamlSource source, YamlNode node, string field, List<string> errors)
    {
        var map = source.Mapping(node, field);
        if (map is null)
        {
            return null;
        }

        var before = errors.Count;
        var identityNode = map.Required("identity");
        var identity = source.Text(identityNode, map.FieldOf("identity"));
        if (identity is not null && !Identities.TryCanonicalize(identity, out _))
        {
            source.Error(identityNode!, map.FieldOf("identity"), $"{Identities.Show(identity)} {Identities.Rule}");
        }

        var groups = new List<string>();
        var groupsNode = map.Optional("groups");
        var names = source.StringList(groupsNode, map.FieldOf("groups"), allowEmpty: true) ?? [];
        for (var i = 0; i < names.Count; i++)
        {
            var item = ((YamlSequenceNode)groupsNode!).Children[i];
            if (!Identities.TryCanonicalize(names[i], out var group))
            {
                source.Error(item, $"{map.FieldOf("groups")}[{i}]", $"{Identities.Show(names[i])} {Identities.Rule}");
            }
            else if (groups.Contains(group, StringComparer.Ordinal))
            {
                source.Error(item, $"{map.FieldOf("groups")}[{i}]", $"group {group} is listed twice (group names ignore case)");
            }
            else
            {
                groups.Add(group);
            }
        }

        var hashNode = map.Required("sha256");
        var hash = source.Text(hashNode, map.FieldOf("sha256"));
        if (hash is not null && !AgentTokenSecret.IsHashShape(hash))
        {
            source.Error(hashNode!, map.FieldOf("sha256"),
                "must be the 64 lower-case hex characters of the token's SHA-256, as printed by 'mcpgate tokens create' (never the token itself)");
        }

        map.ReportUnknownKeys();
        return errors.Count == before
            ? new AgentToken { Identity = Identities.Canonicalize(identity!), Groups = groups, Sha256 = hash! }
            : null;
    }

    /// <summary>The 1-based line the entry starts on (its <c>- </c> is on the same line).</summary>
    private static int FirstLine(YamlNode node) => (int)node.Start.Line;

    /// <summary>
    /// The 1-based last line of the entry: the last line any of its scalars or flow collections ends on
    /// (a block map's own end mark lies past it, where the next token starts).
    /// </summary>
    private static int LastLine(YamlNode node) =>
        node.AllNodes.Max(n => n is YamlScalarNode || n is YamlMappingNode { Style: YamlDotNet.Core.Events.MappingStyle.Flow } || n is YamlSequenceNode { Style: YamlDotNet.Core.Events.SequenceStyle.Flow }
            ? (int)(n.End.Column == 1 && n.End.Line > n.Start.Line ? n.End.Line - 1 : n.End.Line)
            : (int)n.Start.Line);
}
