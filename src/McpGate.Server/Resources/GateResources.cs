using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using McpGate.Server.Hosting;
using McpGate.Server.Tools;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGate.Server.Resources;

/// <summary>
/// The gate's MCP resources: each change (as <c>get_change</c> shows it, its proof, its approvals,
/// its timeline), the policy files and the tool manifests the gate loaded. Read-only; change
/// resources can be subscribed to (<see cref="ChangeSubscriptions"/>).
/// </summary>
internal sealed partial class GateResources
{
    /// <summary>How many of the requester's changes resources/list shows, newest first.</summary>
    public const int ListedChanges = 50;

    private const string JsonType = "application/json";
    private const string YamlType = "application/yaml";

    // JSON in a text field, never HTML: keep '>' and '+' readable (as tool results do).
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly GateContext _gate;
    private readonly ChangeSubscriptions _subscriptions;
    private readonly ILogger _logger;

    public GateResources(GateContext gate, ChangeSubscriptions subscriptions, ILogger<GateResources> logger)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(subscriptions);
        _gate = gate;
        _subscriptions = subscriptions;
        _logger = logger;
    }

    public static IReadOnlyList<ResourceTemplate> Templates { get; } =
    [
        Template("change", "mcpgate://changes/{id}", "A change request", "The state of a change a write tool created, what it does and what happens next: the document get_change returns.", JsonType),
        Template("change-proof", "mcpgate://changes/{id}/proof", "A change's signed proof", "The DSSE envelope the gate signed for the change (in-toto statement: target digest, dry run, diff, checks, policy decision) and, once its signature verifies, the decoded statement.", JsonType),
        Template("change-approvals", "mcpgate://changes/{id}/approvals", "A change's approvals", "How many approvals the policy requires, and each approval, rejection or cancellation the gate counted: who, when, with which key.", JsonType),
        Template("change-timeline", "mcpgate://changes/{id}/timeline", "A change's timeline", "The change's whole history from the gate's hash-chained ledger: the document get_change returns with detail: timeline.", JsonType),
        Template("policy", "mcpgate://policies/{name}", "A policy file", "A policy file the gate loaded: which writes are allowed, who approves, freeze windows. Read it to learn why a write was denied.", YamlType),
        Template("manifest", "mcpgate://manifests/{tool}", "A tool manifest", "The manifest a tool is made from: parameters, the operation it maps to, verification, risk.", YamlType),
    ];

    /// <summary>Sets the resource handlers and advertises the resources capability (subscribe, no listChanged).</summary>
    public void Register(McpServerOptions options) => Register(options, start: null, Task.FromResult(this));

    /// <summary>
    /// As <see cref="Register(McpServerOptions)"/>, for resources still being made while <paramref name="start"/>'s
    /// runtime starts: the templates are listed at once; every other request waits for them, and fails
    /// with the start's error if the runtime did not start.
    /// </summary>
    public static void Register(McpServerOptions options, GateStart? start, Task<GateResources> resources)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resources);
        options.Capabilities ??= new ServerCapabilities();
        options.Capabilities.Resources = new ResourcesCapability { Subscribe = true };
        options.Handlers.ListResourcesHandler = async (request, ct) => await (await ReadyAsync(start, resources, ct).ConfigureAwait(false)).ListAsync(request, ct).ConfigureAwait(false);
        options.Handlers.ListResourceTemplatesHandler = (_, _) => ValueTask.FromResult(new ListResourceTemplatesResult { ResourceTemplates = [.. Templates] });
        options.Handlers.ReadResourceHandler = async (request, ct) => await (await ReadyAsync(start, resources, ct).ConfigureAwait(false)).ReadAsync(request, ct).ConfigureAwait(false);
        options.Handlers.SubscribeToResourcesHandler = async (request, ct) => await (await ReadyAsync(start, resources, ct).ConfigureAwait(false)).SubscribeAsync(request, ct).ConfigureAwait(false);
        options.Handlers.UnsubscribeFromResourcesHandler = async (request, ct) => await (await ReadyAsync(start, resources, ct).ConfigureAwait(false)).UnsubscribeAsync(request, ct).ConfigureAwait(false);
        options.Handlers.SubscriptionsListenHandler = async (request, ct) => await (await ReadyAsync(start, resources, ct).ConfigureAwait(false)).ListenAsync(request, ct).ConfigureAwait(false);
    }

    private static async Task<GateResources> ReadyAsync(GateStart? start, Task<GateResources> resources, CancellationToken cancellationToken)
    {
        try
        {
            return start is null ? await resources.ConfigureAwait(false) : await start.WaitAsync(resources, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new McpException(GateStart.NotStarted(ex));
        }
    }

    private async ValueTask<ListResourcesResult> ListAsync(RequestContext<ListResourcesRequestParams> request, CancellationToken cancellationToken)
    {
        var resources = new List<Resource>();
        foreach (var policy in DistinctPolicies())
        {
            resources.Add(new Resource { Uri = GateResourceAddress.PolicyUri(policy.Name), Name = $"policy {policy.Name}", MimeType = YamlType, Description = "A policy file the gate loaded." });
        }

        foreach (var tool in _gate.Manifests.Tools.Where(t => t.SourceText.Length > 0))
        {
            resources.Add(new Resource { Uri = GateResourceAddress.ManifestUri(tool.Name), Name = $"manifest {tool.Name}", MimeType = YamlType, Description = $"The manifest of the tool {tool.Name} ({tool.Access.ToString().ToLowerInvariant()})." });
        }

        // Like changes_list: the requester's own changes, newest first; any change can still be read by id.
        IReadOnlyList<ChangeDocument> changes;
        try
        {
            changes = await _gate.Engine.ListChangesAsync(Requester.Of(request, _gate), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerStorageException ex)
        {
            throw new McpException(ToolResults.LedgerUnavailable(ex));
        }
        catch (LedgerCorruptException ex)
        {
            throw new McpException(ToolResults.LedgerDamaged(ex));
        }

        foreach (var change in changes.Take(ListedChanges))
        {
            resources.Add(new Resource
            {
                Uri = GateResourceAddress.ChangeUri(change.Id),
                Name = change.Id,
                Title = change.Summary,
                MimeType = JsonType,
                Description = $"{change.State.ToWire()}: {change.Tool}, {change.Summary}",
            });
        }

        return new ListResourcesResult { Resources = resources };
    }

    private async ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken)
    {
        var uri = request.Params?.Uri;
        var address = Resolve(request, uri);
        string text;
        string mimeType = JsonType;
        switch (address.Kind)
        {
            case GateResourceKind.Policy:
                text = DistinctPolicies().FirstOrDefault(p => string.Equals(p.Name, address.Name, StringComparison.Ordinal))?.Text
                    ?? throw NotFound(request, $"Resource {GateResourceAddress.Show(uri)}: the gate loaded no policy file named {GateResourceAddress.Show(address.Name)} (it serves {Names(DistinctPolicies().Select(p => p.Name))}). resources/list shows them.");
                mimeType = YamlType;
                break;
            case GateResourceKind.Manifest:
                text = _gate.Manifests.Find(address.Name) is { SourceText.Length: > 0 } manifest
                    ? manifest.SourceText
                    : throw NotFound(request, $"Resource {GateResourceAddress.Show(uri)}: the gate has no tool named {GateResourceAddress.Show(address.Name)}. tools/list and resources/list show the tools.");
                mimeType = YamlType;
                break;
            default:
                text = (await ReadChangeAsync(request, address, cancellationToken).ConfigureAwait(false)).ToJsonString(s_indented);
                break;
        }

        return new ReadResourceResult { Contents = [new TextResourceContents { Uri = address.Uri, MimeType = mimeType, Text = text }] };
    }

    private async Task<JsonNode> ReadChangeAsync<TParams>(RequestContext<TParams> request, GateResourceAddress address, CancellationToken cancellationToken)
    {
        try
        {
            var change = await _gate.Engine.GetChangeAsync(address.Name, cancellationToken).ConfigureAwait(false)
                ?? throw NotFound(request, NoSuchChange(address));
            switch (address.Kind)
            {
                case GateResourceKind.ChangeProof:
                    return ChangeResourceDocuments.Proof(change, _gate)
                        ?? throw NotFound(request, $"Resource {GateResourceAddress.Show(address.Uri)}: change {change.Id} has no proof yet (it is {change.State.ToWire()}); read mcpgate://changes/{change.Id} for its state.");
                case GateResourceKind.ChangeApprovals:
                    return ChangeResourceDocuments.Approvals(change);
                case GateResourceKind.ChangeTimeline:
                    var timeline = await _gate.Engine.TimelineAsync(change.Id, cancellationToken).ConfigureAwait(false)
                        ?? throw NotFound(request, NoSuchChange(address));
                    return ChangeJson.ToNode(timeline);
                default:
                    return ChangeResourceDocuments.Change(change, _gate, await _gate.Engine.CommentsAsync(change.Id, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (LedgerStorageException ex)
        {
            throw new McpException(ToolResults.LedgerUnavailable(ex));
        }
        catch (LedgerCorruptException ex)
        {
            throw new McpException(ToolResults.LedgerDamaged(ex));
        }
        catch (Exception ex) when (ex is not McpException and not OperationCanceledException and not OutOfMemoryException)
        {
            // The SDK's own log is off (McpGateServer.ConfigureLogging): this is where a failure shows.
            Log.ReadFailed(_logger, address.Uri, ex);
            throw new McpException($"Reading {address.Uri} failed inside the gate ({ex.GetType().Name}). Tell the operator: the gate's log (stderr) has the details.");
        }
    }

    private async ValueTask<EmptyResult> SubscribeAsync(RequestContext<SubscribeRequestParams> request, CancellationToken cancellationToken)
    {
        var uri = request.Params?.Uri;
        var address = Resolve(request, uri);

        // A stateless server (HTTP without sessions) has no channel to send a notification on later; the
        // SDK shows it by giving handlers no client capabilities there.
        if (request.Server.ClientCapabilities is null)
        {
            throw new McpProtocolException(
                $"Resource {GateResourceAddress.Show(uri)}: this connection has no session to send notifications on, so it cannot subscribe; read the resource again, or call get_change with wait_seconds.",
                McpErrorCode.InvalidRequest);
        }

        if (!address.IsChange)
        {
            throw new McpProtocolException(
                $"Resource {GateResourceAddress.Show(uri)}: only change resources (mcpgate://changes/{{id}}...) can be subscribed to; policies and manifests do not change while the gate runs.",
                McpErrorCode.InvalidParams);
        }

        ChangeDocument? change;
        try
        {
            change = await _gate.Engine.GetChangeAsync(address.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerStorageException ex)
        {
            throw new McpException(ToolResults.LedgerUnavailable(ex));
        }
        catch (LedgerCorruptException ex)
        {
            throw new McpException(ToolResults.LedgerDamaged(ex));
        }

        if (change is null)
        {
            throw NotFound(request, NoSuchChange(address));
        }

        if (!_subscriptions.Subscribe(SubscriptionSession.Of(request.Server), ChangeSubscriptions.UpdatedNotifier(request.Server), address, change.State))
        {
            throw new McpProtocolException(
                $"Resource {GateResourceAddress.Show(uri)}: this session already has {ChangeSubscriptions.MaxPerSession} subscriptions, the limit; unsubscribe from one (resources/unsubscribe) first.",
                McpErrorCode.InvalidRequest);
        }

        return new EmptyResult();
    }

    private ValueTask<EmptyResult> UnsubscribeAsync(RequestContext<UnsubscribeRequestParams> request, CancellationToken cancellationToken)
    {
        var address = Resolve(request, request.Params?.Uri);

        // Unsubscribing from what is not subscribed is not an error: the caller's intent is met.
        _subscriptions.Unsubscribe(SubscriptionSession.Of(request.Server), address.Uri);
        return ValueTask.FromResult(new EmptyResult());
    }

    private static GateResourceAddress Resolve<TParams>(RequestContext<TParams> request, string? uri) =>
        GateResourceAddress.Parse(uri, out var problem)
        ?? throw NotFound(request, $"Resource {GateResourceAddress.Show(uri)}: {problem}. The gate's resources are {GateResourceAddress.Forms}.");

    private static string NoSuchChange(GateResourceAddress address) =>
        $"Resource {GateResourceAddress.Show(address.Uri)}: no change {address.Name} exists on this gate. Use a change id a write tool returned (resources/list and changes_list show yours).";

    /// <summary>
    /// Resource not found: -32002 on the revisions that define it; from 2026-07-28 on, invalid params
    /// (-32602), as the SDK answers an unknown URI itself.
    /// </summary>
    private static McpProtocolException NotFound<TParams>(RequestContext<TParams> request, string message)
    {
        var version = request.JsonRpcRequest?.Context?.ProtocolVersion ?? request.Server.NegotiatedProtocolVersion;
        var perRequest = version is not null && string.CompareOrdinal(version, "2026-07-28") >= 0;
        return new McpProtocolException(message, perRequest ? McpErrorCode.InvalidParams : McpErrorCode.ResourceNotFound);
    }

    private IEnumerable<Core.Policy.PolicySource> DistinctPolicies() => _gate.Policies.DistinctBy(p => p.Name, StringComparer.Ordinal);

    private static string Names(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";

    private static ResourceTemplate Template(string name, string uriTemplate, string title, string description, string mimeType) =>
        new() { Name = name, UriTemplate = uriTemplate, Title = title, Description = description, MimeType = mimeType };

    private static partial class Log
    {
        [LoggerMessage(EventId = 2501, Level = LogLevel.Error, Message = "Resource {Uri}: read failed")]
        public static partial void ReadFailed(ILogger logger, string uri, Exception exception);
    }
}
