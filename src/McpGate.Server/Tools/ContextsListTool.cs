using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Reads;
using McpGate.Server.Hosting;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGate.Server.Tools;

/// <summary>
/// The kubeconfig contexts this gate was started with: names, servers, users and how they authenticate,
/// marking the one the gate talks to (it uses no other). Tokens, keys and certificates never appear.
/// </summary>
internal sealed class ContextsListTool : McpServerTool
{
    public const string ToolName = "contexts_list";

    private static readonly JsonElement s_schema = JsonDocument.Parse("""{ "type": "object", "properties": {}, "additionalProperties": false }""").RootElement.Clone();

    private readonly GateContext _gate;

    public ContextsListTool(GateContext gate)
    {
        _gate = gate;
        ProtocolTool = Describe();
    }

    /// <summary>The tool as <c>tools/list</c> shows it.</summary>
    internal static Tool Describe() =>
        GateReadTool.Describe(
            ToolName,
            "List kubeconfig contexts",
            "Lists the kubeconfig contexts of this gate with their cluster, server URL, user, namespace and authentication method (never credentials), and marks the one this gate uses: every tool reads and writes that cluster only. Read-only.",
            s_schema);

    public override Tool ProtocolTool { get; }

    public override IReadOnlyList<object> Metadata => [];

    public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Params?.Arguments is { Count: > 0 } args)
        {
            return ValueTask.FromResult(ToolResults.Error($"Invalid arguments for {ToolName}: {string.Join(", ", args.Keys)}: not a parameter ({ToolName} takes none)."));
        }

        var contexts = _gate.Contexts.Count > 0
            ? _gate.Contexts
            : [new McpGate.Core.Cluster.ClusterContext { Name = _gate.Cluster.ClusterName, Cluster = _gate.Cluster.ClusterName, User = "unknown", Authentication = "unknown", InUse = true }];
        var rows = contexts.Select(c => (IReadOnlyList<string>)[c.InUse ? "*" : string.Empty, c.Name, c.Cluster, c.Server ?? "<missing cluster>", c.User, c.Namespace ?? string.Empty, c.Authentication]).ToList();
        var text = new StringBuilder();
        text.Append(contexts.Count).Append(" contexts; * marks the one this gate uses (it talks to no other cluster)\n");
        text.Append(TextTable.Render(["CURRENT", "NAME", "CLUSTER", "SERVER", "USER", "NAMESPACE", "AUTH"], rows));
        var data = new JsonObject
        {
            ["inUse"] = contexts.FirstOrDefault(c => c.InUse)?.Name,
            ["contexts"] = new JsonArray([.. contexts.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["cluster"] = c.Cluster,
                ["server"] = c.Server,
                ["user"] = c.User,
                ["namespace"] = c.Namespace,
                ["authentication"] = c.Authentication,
                ["inUse"] = c.InUse,
            })]),
        };
        return ValueTask.FromResult(ToolResults.Read(new ReadResult { Text = text.ToString(), Data = data }));
    }
}
