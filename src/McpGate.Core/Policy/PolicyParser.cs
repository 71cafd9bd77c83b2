using McpGate.Core.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Policy;

/// <summary>Turns one policy file into typed records, reporting every problem it finds.</summary>
internal sealed partial class PolicyParser
{
    private const string KeyPrefix = "ed25519:";

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
            var identity = _source.Text(identityNode, map.FieldOf("identity"));
            if (identity is not null && !Identities.IsValid(identity))
            {
                _source.Error(identityNode!, map.FieldOf("identity"), Identities.Rule);
            }

            var groups = _source.StringList(map.Optional("groups"), map.FieldOf("groups"), allowEmpty: true) ?? [];
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
            }
        }
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
