using McpGate.Core.Engine;
using Microsoft.Extensions.Hosting;

namespace McpGate.Server.Hosting;

/// <summary>Runs the engine's background loop (approvals, expiry, execution) beside the MCP transport.</summary>
internal sealed class EngineWorker(ChangeEngine engine) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => engine.RunAsync(stoppingToken);
}
