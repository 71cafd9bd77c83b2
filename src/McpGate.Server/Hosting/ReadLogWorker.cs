using Microsoft.Extensions.Hosting;

namespace McpGate.Server.Hosting;

/// <summary>
/// Runs the <see cref="ReadLog"/>'s writer while the gate serves MCP. Registered before the MCP
/// server, so that it stops after it: the reads answered until then are written before the gate exits.
/// </summary>
internal sealed class ReadLogWorker(ReadLog readLog) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        readLog.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => readLog.CompleteAsync().WaitAsync(cancellationToken);
}
