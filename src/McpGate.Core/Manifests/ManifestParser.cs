using McpGate.Core.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Manifests;

/// <summary>Turns one manifest file into a <see cref="ToolManifest"/>, reporting every problem it finds.</summary>
internal sealed partial class ManifestParser
{
    private static readonly Dictionary<string, ToolAccess> s_access = new(StringComparer.Ordinal)
    {
        ["read"] = ToolAccess.Read,
        ["write"] = ToolAccess.Write,
    };

    private static readonly Dictionary<string, ToolRisk> s_risk = new(StringComparer.Ordinal)
    {
        ["low"] = ToolRisk.Low,
        ["medium"] = ToolRisk.Medium,
        ["high"] = ToolRisk.High,
    };

    private readonly YamlSource _source;
    private readonly int _errorsBefore;
    private readonly List<string> _errors;
    private string _nameLocation;

    private ManifestParser(string path, List<string> errors)
    {
        _source = new YamlSource(path, errors);
        _errors = errors;
        _errorsBefore = errors.Count;
        _nameLocation = path;
    }

    /// <summary>The manifest, or null when the file has errors (all of them added to <paramref name="errors"/>).</summary>
    /// <param name="nameLocation"><c>file:line:column</c> of the name, for errors about the set.</param>
    public static ToolManifest? Parse(string path, string text, List<string> errors, out string nameLocation)
    {
        var parser = new ManifestParser(path, errors);
        var manifest = parser.Parse(text);
        nameLocation = parser._nameLocation;
        return manifest is null ? null : manifest with { SourceText = text };
    }

    private bool HasErrors => _errors.Count > _errorsBefore;

    private ToolManifest? Parse(string text)
    {
        var documents = _source.LoadDocuments(text);
        if (HasErrors)
        {
            return null;
        }

        if (documents.Count != 1)
        {
            _source.Error(documents.Count == 0 ? default : documents[1].Start, string.Empty,
                "a manifest file must hold exactly one YAML document");
            return null;
        }

        if (documents[0] is not YamlMappingNode)
        {
            _source.Error(documents[0], string.Empty, $"a manifest must be a map ({YamlSource.Describe(documents[0])})");
            return null;
        }

        var root = _source.Mapping(documents[0], string.Empty)!;
        var nameNode = root.Required("name");
        var name = _source.Text(nameNode, "name");
        if (nameNode is not null)
        {
            _nameLocation = $"{_source.Path}:{nameNode.Start.Line}:{nameNode.Start.Column}";
        }

        if (name is not null && !ManifestNames.IsSnakeCase(name))
        {
            _source.Error(nameNode!, "name", $"must be snake_case matching ^[a-z][a-z0-9_]{{0,63}}$ (got \"{name}\")");
        }

        var title = _source.Text(root.Required("title"), "title");
        var description = _source.Text(root.Required("description"), "description");
        var access = _source.Enum(root.Required("access"), "access", s_access);
        var risk = _source.Enum(root.Required("risk"), "risk", s_risk);
        var parameters = ParseParameters(root.Optional("parameters"));
        var operationNode = root.Required("operation");
        var operation = parameters is null ? null : ParseOperation(operationNode, parameters, access);
        var verify = ParseVerify(root, access);
        var checks = ParseChecks(root, access);
        if (access == ToolAccess.Write && parameters is not null)
        {
            CheckReasonParameter(root, parameters);
        }

        root.ReportUnknownKeys();
        if (HasErrors)
        {
            return null;
        }

        return new ToolManifest
        {
            Name = name!,
            Title = title!,
            Description = description!,
            Access = access!.Value,
            Risk = risk!.Value,
            // The body parameter carries YAML or JSON: it may span lines.
            Parameters = [.. parameters!.Select(p => p.Name == operation!.Body ? p with { Multiline = true } : p)],
            Operation = operation!,
            Verify = verify,
            Checks = checks,
            SourcePath = _source.Path,
        };
    }

    private VerifySpec? ParseVerify(MappingReader root, ToolAccess? access)
    {
        var node = root.Optional("verify");
        if (node is null)
        {
            if (access == ToolAccess.Write)
            {
                _source.Error(root.Node, "verify", "is required for write tools (what state proves the change worked?)");
            }

            return null;
        }

        if (access == ToolAccess.Read)
        {
            _source.Error(node, "verify", "only write tools are verified; remove it or set access: write");
        }

        var map = _source.Mapping(node, "verify");
        if (map is null)
        {
            return null;
        }

        // Only the shape of the name: which probes exist is the registry's to say (VerifyProbeNames).
        var expectNode = map.Required("expect");
        var expect = _source.Text(expectNode, "verify.expect");
        if (expect is not null && !ManifestNames.IsSnakeCase(expect))
        {
            _source.Error(expectNode!, "verify.expect", $"must be a probe name in snake_case matching ^[a-z][a-z0-9_]{{0,63}}$ (got \"{expect}\")");
            expect = null;
        }

        var timeout = _source.Duration(map.Required("timeout"), "verify.timeout");
        map.ReportUnknownKeys();
        return expect is null || timeout is null
            ? null
            : new VerifySpec { Expect = expect, ExpectLocation = $"{_source.Path}:{expectNode!.Start.Line}:{expectNode.Start.Column}", Timeout = timeout.Value };
    }

    private void CheckReasonParameter(MappingReader root, IReadOnlyList<ParameterSpec> parameters)
    {
        var reason = parameters.FirstOrDefault(p => p.Name == "reason");
        if (reason is not { Required: true, Type: ParameterType.String })
        {
            _source.Error(
                root.Optional("parameters") ?? root.Node,
                "parameters.reason",
                "write tools need a required string parameter 'reason' (recorded in the ledger)");
        }
    }
}
