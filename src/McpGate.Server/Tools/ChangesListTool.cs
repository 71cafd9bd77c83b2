using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using McpGate.Server.Hosting;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGate.Server.Tools;

/// <summary>
/// The gate's own read tool: the change requests this agent (its <c>--agent</c> requester over stdio,
/// its bearer token's identity over HTTP) proposed, newest first, so an agent that lost a reply can find its change id again. Never
/// another requester's changes.
/// </summary>
internal sealed class ChangesListTool : McpServerTool
{
    public const string ToolName = "changes_list";
    private const int MaxLimit = 100;
    private const int DefaultLimit = 20;

    private static readonly JsonElement s_schema = JsonDocument.Parse($$"""
        {
          "type": "object",
          "properties": {
            "state": { "type": "string", "enum": [{{string.Join(", ", ChangeStates.WireNames.Select(n => $"\"{n}\""))}}], "description": "Only changes in this state, e.g. pending_approval." },
            "tool": { "type": "string", "pattern": "^[a-z][a-z0-9_]{0,63}$", "description": "Only changes made by this write tool, e.g. scale_deployment." },
            "namespace": { "type": "string", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "maxLength": 63, "description": "Only changes whose target is in this namespace." },
            "limit": { "type": "integer", "minimum": 1, "maximum": {{MaxLimit}}, "default": {{DefaultLimit}}, "description": "At most this many changes, newest first." }
          },
          "additionalProperties": false
        }
        """).RootElement.Clone();

    private static readonly System.Text.RegularExpressions.Regex s_namespace = new("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private readonly GateContext _gate;

    public ChangesListTool(GateContext gate)
    {
        _gate = gate;
        ProtocolTool = Describe();
    }

    /// <summary>The tool as <c>tools/list</c> shows it.</summary>
    internal static Tool Describe() =>
        GateReadTool.Describe(ToolName, "List my change requests", "Lists the change requests you proposed through this gate, newest first, with their ids and states; filter by state (e.g. pending_approval), tool or namespace. Use it to find a change id you lost. Shows only your own changes. Read-only.", s_schema);

    public override Tool ProtocolTool { get; }

    public override IReadOnlyList<object> Metadata => [];

    public override async ValueTask<CallToolResult> InvokeAsync(
        RequestContext<CallToolRequestParams> request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var args = request.Params?.Arguments ?? new Dictionary<string, JsonElement>();
        var errors = new List<string>();
        ChangeState? state = null;
        string? tool = null;
        string? ns = null;
        var limit = DefaultLimit;
        foreach (var (name, value) in args)
        {
            switch (name)
            {
                case "state" when value.ValueKind == JsonValueKind.String && ChangeStates.FromWire(value.GetString()) is { } named:
                    state = named;
                    break;
                case "state":
                    errors.Add($"state: must be one of {string.Join(", ", ChangeStates.WireNames)} (got {value.GetRawText()})");
                    break;
                case "tool" when value.ValueKind == JsonValueKind.String && _gate.Manifests.Find(value.GetString()!) is not null:
                    tool = value.GetString();
                    break;
                case "tool":
                    errors.Add($"tool: must be the name of one of this gate's tools, e.g. scale_deployment (got {value.GetRawText()})");
                    break;
                case "namespace" when value.ValueKind == JsonValueKind.String && s_namespace.IsMatch(value.GetString()!):
                    ns = value.GetString();
                    break;
                case "namespace":
                    errors.Add($"namespace: must be a Kubernetes namespace name (lower-case letters, digits and '-', at most 63) (got {value.GetRawText()})");
                    break;
                case "limit" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n is >= 1 and <= MaxLimit:
                    limit = n;
                    break;
                case "limit":
                    errors.Add($"limit: must be an integer from 1 to {MaxLimit} (got {value.GetRawText()})");
                    break;
                default:
                    errors.Add($"{name}: is not a parameter of {ToolName} (known: state, tool, namespace, limit)");
                    break;
            }
        }

        if (errors.Count > 0)
        {
            return ToolResults.Error($"Invalid arguments for {ToolName}: {string.Join("; ", errors)}.");
        }

        var requester = Requester.Of(request, _gate);
        IReadOnlyList<ChangeDocument> changes;
        try
        {
            changes = await _gate.Engine.ListChangesAsync(requester, state, tool, cancellationToken).ConfigureAwait(false);
            if (ns is not null)
            {
                changes = [.. changes.Where(c => string.Equals(c.Target.Namespace, ns, StringComparison.Ordinal))];
            }
        }
        catch (LedgerStorageException ex)
        {
            return ToolResults.Error(ToolResults.LedgerUnavailable(ex));
        }
        catch (LedgerCorruptException ex)
        {
            return ToolResults.Error(ToolResults.LedgerDamaged(ex));
        }

        return ToolResults.Success(new JsonObject
        {
            ["requester"] = requester,
            ["count"] = Math.Min(changes.Count, limit),
            ["truncated"] = changes.Count > limit,
            ["changes"] = new JsonArray([.. changes.Take(limit).Select(c => (JsonNode)Row(c))]),
        });
    }

    private static JsonObject Row(ChangeDocument change)
    {
        var row = new JsonObject
        {
            ["changeId"] = change.Id,
            ["status"] = change.State.ToWire(),
            ["tool"] = change.Tool,
            ["namespace"] = change.Target.Namespace,
            ["summary"] = change.Summary,
            ["cluster"] = change.Cluster,
            ["createdAt"] = change.CreatedAt.ToString("O"),
            ["expiresAt"] = change.ExpiresAt?.ToString("O"),
        };
        if (change.Outcome is not null)
        {
            row["outcome"] = change.Outcome;
        }

        return row;
    }
}
