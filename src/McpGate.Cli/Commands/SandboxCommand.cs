using System.CommandLine;
using System.Runtime.InteropServices;
using McpGate.Cli.Infrastructure;
using McpGate.Sandbox;
using McpGate.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGate.Cli.Commands;

/// <summary><c>mcpgate sandbox</c>: run the embedded cluster alone, for kubectl or another gate.</summary>
internal static class SandboxCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "HTTPS port on 127.0.0.1: the API endpoint the kubeconfig names (token or client certificate over TLS). 0 picks a free one.", DefaultValueFactory = _ => 0 };
        var httpPort = new Option<int>("--http-port") { Description = "Plain-HTTP port on 127.0.0.1: the same API without TLS, still behind the bearer token (kubectl will not send credentials over plain HTTP; for curl and debugging). 0 picks a free one.", DefaultValueFactory = _ => 0 };
        var kubeconfigOut = new Option<string?>("--kubeconfig-out") { Description = "Write a kubeconfig for the sandbox here (mode 0600)." };
        var scenario = new Option<string?>("--scenario") { Description = "Load this scenario YAML (objects, one per document or as a list) after the demo seed." };
        var state = new Option<string?>("--state") { Description = "Keep the cluster in this JSON file (mode 0600): loaded at start when it exists, saved after changes and on exit." };
        var command = new Command("sandbox", "Run the embedded sandbox cluster until interrupted.") { port, httpPort, kubeconfigOut, scenario, state };
        command.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var portNumber = parse.GetValue(port);
            if (portNumber is < 0 or > 65535)
            {
                throw new CliInputException($"--port {portNumber}: must be from 0 to 65535");
            }

            var httpPortNumber = parse.GetValue(httpPort);
            if (httpPortNumber is < 0 or > 65535)
            {
                throw new CliInputException($"--http-port {httpPortNumber}: must be from 0 to 65535");
            }

            if (portNumber != 0 && portNumber == httpPortNumber)
            {
                throw new CliInputException($"--port and --http-port must differ (both {portNumber})");
            }

            var scenarioPath = parse.GetValue(scenario) is { } file ? Path.GetFullPath(file) : null;
            if (scenarioPath is not null && !File.Exists(scenarioPath))
            {
                throw new CliInputException($"--scenario {scenarioPath}: no such file");
            }

            var statePath = parse.GetValue(state) is { } stateFile ? Path.GetFullPath(stateFile) : null;
            if (statePath is not null && !Directory.Exists(Path.GetDirectoryName(statePath)))
            {
                throw new CliInputException($"--state {statePath}: the directory does not exist");
            }

            using var loggerFactory = McpGateServer.CreateLoggerFactory(LogLevel.Warning);
            SandboxCluster cluster;
            try
            {
                cluster = await SandboxCluster.StartAsync(new SandboxOptions { HttpsPort = portNumber, Port = httpPortNumber, LoggerFactory = loggerFactory, ScenarioPath = scenarioPath, StatePath = statePath }, cancellationToken);
            }
            catch (SandboxScenarioException ex)
            {
                throw new CliInputException(ex.Message);
            }
            catch (SandboxStateException ex)
            {
                throw new CliInputException(ex.Message);
            }

            await using var running = cluster;
            var path = parse.GetValue(kubeconfigOut);
            if (path is not null)
            {
                await cluster.WriteKubeconfigAsync(Path.GetFullPath(path), "sandbox", cancellationToken);
                Terminal.Out.Line($"Sandbox cluster at {cluster.SecureBaseAddress}; kubeconfig written to {Path.GetFullPath(path)}");
                Terminal.Out.Line($"Try: kubectl --kubeconfig {Path.GetFullPath(path)} get deployments -n demo");
            }
            else
            {
                Terminal.Out.Line($"Sandbox cluster at {cluster.SecureBaseAddress}; pass --kubeconfig-out FILE for a kubeconfig.");
            }

            Terminal.Out.Line($"Plain HTTP (no TLS, same token; for curl) at {cluster.BaseAddress}");
            if (statePath is not null)
            {
                Terminal.Out.Line($"State kept in {statePath}");
            }

            Terminal.Out.Line($"Press Ctrl+C to stop.");

            // Stop cleanly on SIGTERM too (service managers, 'kill'), not only on Ctrl+C.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop cleanly.
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
