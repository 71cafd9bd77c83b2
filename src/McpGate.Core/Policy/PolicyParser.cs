using McpGate.Core.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Policy;

/// <summary>Turns one policy file into typed records, reporting every problem it finds.</summary>
internal sealed partial class PolicyParser
{
    internal const string KeyPrefix = "ed25519:";

    private readonly YamlSource _source;
    private readonly List<string> _errors;
    private readonly PolicyFile _file = new();

    private PolicyParser(string path, List<string> errors)
    {
        _source = new YamlSource(path, errors);
        _errors = errors;
    }

    /// <summary>Whatever parsed cleanly; errors go to <paramref name="errors"/>.</summary>
    public static PolicyFile Parse(string path, string text, List<string> errors) =>
        new PolicyParser(path, errors).Parse(text);

    private PolicyFile Parse(string text)
    {
        var documents = _source.LoadDocuments(text);
        if (documents.Count > 1)
        {
            _source.Error(documents[1], string.Empty, "a policy file must hold one YAML document");
        }

        if (documents.Count == 0 || YamlSource.IsNull(documents[0]))
        {
            return _file;
        }

        if (documents[0] is not YamlMappingNode)
        {
            _source.Error(documents[0], string.Empty, $"a policy file must be a map ({YamlSource.Describe(documents[0])})");
            return _file;
        }

        var root = _source.Mapping(documents[0], string.Empty)!;
        ParseApprovers(root.Optional("approvers"));
        ParseDefaults(root.Optional("defaults"));
        ParseFreezeWindows(root.Optional("freezeWindows"));
        ParseRules(root.Optional("rules"));
        ParseReadScope(root.Optional("readScope"));
        ParseAudit(root.Optional("audit"));
        root.ReportUnknownKeys();
        return _file;
    }

    private void ParseApprovers(YamlNode? node)
    {
        var sequence = _source.Sequence(node, "approvers");
        for (var i = 0; sequence is not null && i < sequence.Children.Count; i++)
        {
            var field = $"approvers[{i}]";
            var map = _source.Mapping(sequence.Children[i], field);
            if (map is null)
            {
                continue;
            }

            var before = _errors.Count;
            var identityNode = map.Required("identity");
            var identity = Identity(identityNode, map.FieldOf("identity"));
            var groups = Groups(map.Optional("groups"), map.FieldOf("groups")) ?? [];
            var keyNode = map.Required("publicKey");
            var key = _source.Text(keyNode, map.FieldOf("publicKey"));
            if (key is not null && !IsPublicKeyShape(key))
            {
                _source.Error(keyNode!, map.FieldOf("publicKey"),
                    "must be 'ed25519:' followed by the base64 of 32 bytes, as printed by 'mcpgate keys generate'");
            }

            map.ReportUnknownKeys();
            if (_errors.Count == before)
            {
                _file.Approvers.Add(new(
                    new Approver { Identity = identity!, Groups = groups, PublicKey = key! },
                    _source.Location(identityNode!), map.FieldOf("identity")));
                _file.ApproverKeys.Add(new(key!, _source.Location(keyNode!), map.FieldOf("publicKey")));
            }
        }
    }

    /// <summary>The canonical identity, or null (with an error naming the rule) when the text breaks it.</summary>
    private string? Identity(YamlNode? node, string field)
    {
        var text = _source.Text(node, field);
        if (text is null)
        {
            return null;
        }

        if (!Identities.TryCanonicalize(text, out var canonical))
        {
            _source.Error(node!, field, $"{Identities.Show(text)} {Identities.Rule}");
        }

        return canonical;
    }

    /// <summary>Group names in canonical form, or null when one breaks the identity rule or appears twice.</summary>
    private List<string>? Groups(YamlNode? node, string field)
    {
        var names = _source.StringList(node, field, allowEmpty: true);
        if (names is null)
        {
            return null;
        }

        var result = new List<string>();
        var ok = true;
        for (var i = 0; i < names.Count; i++)
        {
            var item = ((YamlSequenceNode)node!).Children[i];
            if (!Identities.TryCanonicalize(names[i], out var canonical))
            {
                _source.Error(item, $"{field}[{i}]", $"{Identities.Show(names[i])} {Identities.Rule}");
                ok = false;
            }
            else if (result.Contains(canonical, StringComparer.Ordinal))
            {
                _source.Error(item, $"{field}[{i}]", $"group {canonical} is listed twice (group names ignore case)");
                ok = false;
            }
            else
            {
                result.Add(canonical);
            }
        }

        return ok ? result : null;
    }

    private void ParseDefaults(YamlNode? node)
    {
        var map = _source.Mapping(node, "defaults");
        if (map is null)
        {
            return;
        }

        var expiryNode = map.Optional("approvalExpiry");
        if (_source.Duration(expiryNode, "defaults.approvalExpiry") is { } expiry)
        {
            _file.ApprovalExpiry = new(expiry, _source.Location(expiryNode!), "defaults.approvalExpiry");
        }

        map.ReportUnknownKeys();
    }

    internal static bool IsPublicKeyShape(string key)
    {
        if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key.Any(char.IsWhiteSpace))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[33];
        return Convert.TryFromBase64String(key[KeyPrefix.Length..], bytes, out var written) && written == 32;
    }
}
