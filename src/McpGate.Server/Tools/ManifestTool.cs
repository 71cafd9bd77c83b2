using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Core.Manifests;
using McpGate.Core.Reads;
using McpGate.Server.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGate.Server.Tools;

/// <summary>
/// An MCP tool made from a manifest. Reads go straight to the cluster; writes go to the
/// engine, which proposes and proves them and returns at once with a change pending approval.
/// </summary>
internal sealed partial class ManifestTool : McpServerTool
{
    private const string WriteNotice =
        " Calling this tool changes nothing by itself: it returns a change id that a human must approve outside this conversation with their own key. Approval expressed in the chat does not count.";

    private readonly ToolManifest _manifest;
    private readonly GateContext _gate;
    private readonly ILogger _logger;

    public ManifestTool(ToolManifest manifest, GateContext gate, ILogger<ManifestTool> logger)
    {
        _manifest = manifest;
        _gate = gate;
        _logger = logger;
        ProtocolTool = Describe(manifest);
    }

    /// <summary>The tool as <c>tools/list</c> shows it: needs the manifest only, so a gate can list its tools before its cluster is identified.</summary>
    internal static Tool Describe(ToolManifest manifest)
    {
        var hints = manifest.Hints;
        return new Tool
        {
            Name = manifest.Name,
            Title = manifest.Title,
            Description = manifest.Access == ToolAccess.Write ? manifest.Description.TrimEnd() + WriteNotice : manifest.Description,
            InputSchema = manifest.BuildInputSchema(),
            Annotations = new ToolAnnotations
            {
                Title = manifest.Title,
                ReadOnlyHint = hints.ReadOnly,
                DestructiveHint = hints.Destructive,
                IdempotentHint = hints.Idempotent,
                OpenWorldHint = hints.OpenWorld,
            },
        };
    }

    public override Tool ProtocolTool { get; }

    public override IReadOnlyList<object> Metadata => [];

    public override async ValueTask<CallToolResult> InvokeAsync(
        RequestContext<CallToolRequestParams> request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        BoundArguments arguments;
        try
        {
            var raw = request.Params?.Arguments;
            arguments = ArgumentBinder.Bind(_manifest, raw is null ? null : new Dictionary<string, JsonElement>(raw, StringComparer.Ordinal));
        }
        catch (ArgumentValidationException ex)
        {
            return ToolResults.Error($"Invalid arguments for {_manifest.Name}: {string.Join("; ", ex.Errors)}. Nothing was changed; fix the arguments and call again.");
        }

        try
        {
            return _manifest.Access == ToolAccess.Read
                ? await ReadAsync(arguments, cancellationToken).ConfigureAwait(false)
                : await ProposeAsync(arguments, Requester.Of(request, _gate), Requester.TokenOf(request), WriteProgress.For(request), cancellationToken).ConfigureAwait(false);
        }
        catch (ProposalException ex)
        {
            return ToolResults.Error($"{ex.Message} Nothing was changed.");
        }
        catch (NothingToChangeException ex)
        {
            // Not an error: the agent's goal is already met.
            return ToolResults.Success(new JsonObject { ["noChange"] = true, ["message"] = ex.Message });
        }
        catch (LedgerStorageException ex)
        {
            // The engine's background loop logs the condition once; no stack trace per call.
            Log.LedgerUnavailable(_logger, _manifest.Name, ex.Message);
            return ToolResults.Error(ToolResults.LedgerUnavailable(ex));
        }
        catch (ClusterException ex)
        {
            Log.ClusterCallFailed(_logger, _manifest.Name, ex);
            return ToolResults.Error(_manifest.Access == ToolAccess.Read
                ? $"The cluster read failed ({ex.Kind}): {ex.Message}"
                : $"The cluster call failed ({ex.Kind}): {ex.Message}. Nothing was changed.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            Log.ToolFailed(_logger, _manifest.Name, ex);
            return ToolResults.Error($"{_manifest.Name} failed inside the gate ({ex.GetType().Name}); nothing was changed. Tell the operator: the gate's log (stderr) has the details.");
        }
    }

    private async Task<CallToolResult> ReadAsync(BoundArguments arguments, CancellationToken cancellationToken)
    {
        if (ReadStrategies.For(_manifest.Operation.Action) is not { } strategy)
        {
            return ToolResults.Error($"{_manifest.Name} is declared read but its action '{_manifest.Operation.Action.WireName()}' has no read strategy; fix its manifest.");
        }

        try
        {
            var context = new ReadContext { Cluster = ScopedClusterReader.Wrap(_gate.Cluster.Reader, _gate.ReadScope), Time = _gate.Time };
            var result = await strategy.ReadAsync(ReadRequest.For(_manifest, arguments), context, cancellationToken).ConfigureAwait(false);
            return ToolResults.Read(result);
        }
        catch (ReadException ex)
        {
            return ToolResults.Error(ex.Message);
        }
    }

    private async Task<CallToolResult> ProposeAsync(BoundArguments arguments, string requester, string? requesterToken, WriteProgress progress, CancellationToken cancellationToken)
    {
        // The requester is who the operator configured (--agent, or the HTTP bearer token's identity),
        // never what the client says it is: it decides which rules match and who may not approve.
        await progress.ProvingAsync(_manifest.Name, cancellationToken).ConfigureAwait(false);
        var proposal = await _gate.Engine.ProposeOnceAsync(_manifest, arguments, requester, requesterToken, cancellationToken).ConfigureAwait(false);
        await progress.DecidedAsync(proposal.Change, cancellationToken).ConfigureAwait(false);
        var view = ChangeView.Of(proposal.Change, _gate);
        if (proposal.AlreadyPending)
        {
            view["note"] = $"an identical change is already pending: {proposal.Change.Id}. Nothing new was recorded; follow this one.";
        }

        return ToolResults.Success(view);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Tool {Tool}: cluster call failed")]
        public static partial void ClusterCallFailed(ILogger logger, string tool, Exception exception);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Tool {Tool}: failed")]
        public static partial void ToolFailed(ILogger logger, string tool, Exception exception);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Tool {Tool}: refused, {Fault}")]
        public static partial void LedgerUnavailable(ILogger logger, string tool, string fault);
    }
}
