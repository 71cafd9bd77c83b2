using McpGate.Server.Hosting;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGate.Server.Tools;

/// <summary>
/// A tool listed before the gate's runtime is ready: <c>tools/list</c> shows its description at once,
/// and a call waits for the runtime, then runs the real tool. When the runtime failed to start, the
/// call's result says why and nothing runs.
/// </summary>
internal sealed class DeferredTool(Tool protocolTool, GateStart start, Task<IReadOnlyDictionary<string, McpServerTool>> tools) : McpServerTool
{
    public override Tool ProtocolTool => protocolTool;

    public override IReadOnlyList<object> Metadata => [];

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        IReadOnlyDictionary<string, McpServerTool> ready;
        try
        {
            ready = await start.WaitAsync(tools, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ToolResults.Error(GateStart.NotStarted(ex));
        }

        return await ready[protocolTool.Name].InvokeAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
