using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Policy;

internal sealed partial class PolicyParser
{
    private void ParseAudit(YamlNode? node)
    {
        var map = _source.Mapping(node, "audit");
        if (map is null)
        {
            return;
        }

        var before = _errors.Count;
        var recordNode = map.Optional("recordReads");
        var recordReads = recordNode is null || _source.Boolean(recordNode, "audit.recordReads") != false;
        map.ReportUnknownKeys();
        if (_errors.Count == before)
        {
            _file.Audit = new(new AuditSettings { RecordReads = recordReads, Location = _source.Location(node!) }, _source.Location(node!), "audit");
        }
    }
}
