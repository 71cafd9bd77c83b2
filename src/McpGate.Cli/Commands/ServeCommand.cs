using System.CommandLine;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Cluster;
using McpGate.Core.Ledger;
using McpGate.Core.Manifests;
using McpGate.Core.Policy;
using McpGate.Core.Storage;
using McpGate.Kubernetes;
using McpGate.Kubernetes.Http;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Sandbox;
using McpGate.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGate.Cli.Commands;

/// <summary><c>mcpgate serve</c>: the MCP server over stdio or HTTP, on the sandbox or a real cluster.</summary>
internal static partial class ServeCommand
{
    public static Command Create()
    {
        var sandbox = new Option<bool>("--sandbox") { Description = "Run against the embedded sandbox cluster (no real cluster needed)." };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Kubeconfig file(s) of the cluster to gate (':'-separated list like $KUBECONFIG)." };
        var context = new Option<string?>("--context") { Description = "Kubeconfig context; default: its current-context." };
        var inCluster = new Option<bool>("--in-cluster") { Description = "Use the pod's service account (KUBERNETES_SERVICE_HOST/_PORT and the mounted token and CA), for a gate running in the cluster it gates." };
        var agent = new Option<string>("--agent") { Description = "Name recorded as the requester of changes; policy rules match it and it can never approve. Never taken from the MCP client.", DefaultValueFactory = _ => GateServerOptions.DefaultAgent };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Log level (logs go to stderr).", DefaultValueFactory = _ => LogLevel.Information };
        var service = new Option<bool>("--service")
        {
            Description = "Run as the long-running gate of the data directory, without MCP: settle approvals and execute approved changes until stopped (SIGTERM). For systemd or a Kubernetes Deployment; IDEs connect with --attach.",
        };
        var attach = new Option<bool>("--attach")
        {
            Description = "Serve MCP over stdio for one IDE or agent, proposing into the data directory of a gate run with --service, which executes. Nothing is executed by this process, so IDE sessions share one executor and approved changes run with no IDE open.",
        };
        var dataDir = CommonOptions.DataDir();
        var manifests = CommonOptions.Manifests();
        var policies = CommonOptions.Policies();
        var http = new HttpOptions();
        var command = new Command("serve", "Run the MCP server over stdio, or over HTTP with --http. Reads pass through; writes wait for out-of-band approval. Alone it also executes approved changes while it runs; see --service and --attach for a gate that outlives IDE sessions.")
        {
            sandbox, kubeconfig, context, inCluster, agent, service, attach, dataDir, manifests, policies, logLevel,
        };
        foreach (var option in http.All)
        {
            command.Options.Add(option);
        }

        var approvalsApi = new ApprovalsApiOptionSet();
        foreach (var option in approvalsApi.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var useSandbox = parse.GetValue(sandbox);
            var kubeconfigPath = parse.GetValue(kubeconfig);
            var useInCluster = parse.GetValue(inCluster);
            if ((useSandbox ? 1 : 0) + (kubeconfigPath is not null ? 1 : 0) + (useInCluster ? 1 : 0) != 1 || (useInCluster && parse.GetValue(context) is not null))
            {
                throw new CliInputException("choose the cluster: exactly one of --sandbox, --kubeconfig FILE [--context NAME], or --in-cluster");
            }

            var asService = parse.GetValue(service);
            var attached = parse.GetValue(attach);
            if (asService && attached)
            {
                throw new CliInputException("--service and --attach exclude each other: run one gate with --service, and one --attach per IDE session");
            }

            if (attached && useSandbox)
            {
                throw new CliInputException("--attach needs the cluster the service gates (--kubeconfig FILE or --in-cluster): --sandbox starts a new cluster of its own, which no service executes for");
            }

            // Threads for the thread pool at once, not by its slow injection: at start one blocks reading stdin
            // and others run synchronous work (the TLS handshake's certificate checks, opening the ledger), and on
            // two cores the default minimum (one per core) left initialize and tools/list queued behind them.
            ThreadPool.GetMinThreads(out var workers, out var completionPorts);
            ThreadPool.SetMinThreads(Math.Max(workers, MinPoolThreads), completionPorts);

            // The first TLS handshake's certificate check would read the system trust store, with the first
            // tool call waiting on it; it is read on another thread while the configuration loads.
            var trustStore = SystemTrustStore.PreloadAsync();

            var level = parse.GetValue(logLevel);
            using var loggerFactory = McpGateServer.CreateLoggerFactory(level);
            var directory = DataDirectory.Resolve(parse.GetValue(dataDir));
            var (manifestsPath, policiesPath, recorded) = attached
                ? CliPaths.ForAttach(parse.GetValue(manifests), parse.GetValue(policies), directory)
                : (CliPaths.Manifests(parse.GetValue(manifests)), CliPaths.Policies(parse.GetValue(policies)), null);
            var serveLogger = loggerFactory.CreateLogger("McpGate.Serve");
            var mark = StartMark.Begin(serveLogger);
            if (serveLogger.IsEnabled(LogLevel.Debug))
            {
                // What the first handshake's check waits for, when the first call comes at once (docs/install.md).
                _ = trustStore.ContinueWith(
                    read => LogTrustStoreRead(serveLogger, read.Result, mark.ElapsedMs),
                    CancellationToken.None,
                    TaskContinuationOptions.OnlyOnRanToCompletion,
                    TaskScheduler.Default);
            }

            if (recorded is not null)
            {
                Log.AttachedWithRecordedConfiguration(serveLogger, manifestsPath, policiesPath, recorded);
            }

            var httpOptions = ReadHttpOptions(parse, http, policiesPath, asService);
            var approvalsOptions = ReadApprovalsOptions(parse, approvalsApi, attached);
            var options = new GateServerOptions
            {
                DataDirectory = directory,
                ManifestsPath = manifestsPath,
                PoliciesPath = policiesPath,
                Agent = AgentName(parse.GetValue(agent)),
                Attached = attached,
            };

            // A real cluster's connection opens while the configuration loads: the kubeconfig is read, and the
            // TLS handshake and the read of the cluster's identity (which GateRuntime then finds done) run on
            // another thread. Its errors are still reported after the configuration's, as before.
            var clusterContext = parse.GetValue(context);
            var kubeconfigFile = kubeconfigPath;
            var early = useSandbox ? null : Task.Run(() => OpenEarly(kubeconfigFile, clusterContext, loggerFactory, cancellationToken), cancellationToken);
            ManifestSet manifestSet;
            PolicySet policySet;
            try
            {
                // Check configuration before starting anything else, so a bad file fails fast and clearly.
                (manifestSet, policySet) = GateRuntime.LoadConfiguration(options.ManifestsPath, options.PoliciesPath, GateKeyStore.TryLoadPublicKey(options.DataDirectory));
                mark.Step("configuration loaded");

                // So is a ledger on a full, read-only or vanished disk: one line naming it, exit 1.
                if (Directory.Exists(options.DataDirectory.Path))
                {
                    ChangeLedger.Open(options.DataDirectory.LedgerPath, options.TimeProvider).Dispose();
                    mark.Step("ledger opened");
                }
            }
            catch
            {
                await CloseEarlyAsync(early);
                throw;
            }

            var opened = early is null ? null : await early;

            SandboxCluster? cluster = null;
            try
            {
                if (useSandbox)
                {
                    cluster = await SandboxCluster.StartAsync(new SandboxOptions { LoggerFactory = loggerFactory }, cancellationToken);
                    options.DataDirectory.EnsureExists();
                    kubeconfigPath = Path.Combine(options.DataDirectory.Path, "sandbox.kubeconfig");
                    await cluster.WriteKubeconfigAsync(kubeconfigPath, "sandbox", cancellationToken);
                    mark.Step("sandbox started");
                }

                // The sandbox's port is built from the kubeconfig in memory: another gate sharing the data
                // directory may overwrite sandbox.kubeconfig between our write and a read.
                var configuration = cluster is not null
                    ? KubeConfigLoader.Parse(cluster.CreateKubeconfig("sandbox"), "sandbox", options.DataDirectory.Path)
                    : opened!.Configuration;
                using var port = cluster is not null
                    ? KubernetesClusterPort.FromConfiguration(configuration!, "sandbox", null, loggerFactory)
                    : opened!.Port;
                var identity = cluster is not null ? null : opened!.Identity;
                options = options with
                {
                    Contexts = configuration is null ? null : KubeContexts.Describe(configuration, port.ClusterName),
                    Configuration = (manifestSet, policySet),
                };
                mark.Step("kubeconfig loaded");
                var creating = GateRuntime.CreateAsync(options, port, loggerFactory, identity, cancellationToken);

                // Told at start, not at the first approved change: what the tools offered need that the credentials lack.
                // It waits a moment first, so that its requests do not compete with the client's first tools/list
                // and first call, and stops when the server does.
                using var serving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var permissions = ServePermissionCheck.WarnAsync(port.Client, manifestSet, policySet, serveLogger, ServePermissionCheck.StartDelay, serving.Token);
                try
                {
                    if (!asService && httpOptions is null && approvalsOptions is null)
                    {
                        // Plain stdio, as an IDE starts it: initialize and tools/list are answered while the
                        // cluster is identified and the keys and ledger open; a tool call waits for them.
                        mark.Step("serving MCP over stdio; the gate runtime starts beside");
                        await ServeStdioWhileStartingAsync(new GateStart(manifestSet, creating), level, loggerFactory, cancellationToken);
                    }
                    else
                    {
                        await using var runtime = await creating;
                        mark.Step("gate runtime ready (cluster identified, ledger checked)");
                        await using var approvals = await StartApprovalsAsync(approvalsOptions, options.DataDirectory, policySet, runtime.Context.Engine.GatePublicKey, level, cancellationToken);
                        if (asService)
                        {
                            await McpGateServer.RunServiceAsync(runtime, level, cancellationToken);
                        }
                        else if (httpOptions is not null)
                        {
                            httpOptions = httpOptions with { ClusterCheck = ct => port.Client.GetPathAsync("/version", ct) };
                            await McpGateServer.RunHttpAsync(runtime, httpOptions, parse.GetValue(http.Stdio), level,
                                url => Terminal.Error.Line($"mcpgate: serving MCP over HTTP at {url.ToString()} (agents authenticate with bearer tokens from {httpOptions.TokensPath})"),
                                cancellationToken);
                        }
                        else
                        {
                            // Stdio beside the approval API: the API's key check needs the runtime first.
                            await McpGateServer.RunStdioAsync(GateStart.Ready(runtime), level, loggerFactory, cancellationToken);
                        }
                    }
                }
                finally
                {
                    await serving.CancelAsync();
                    await permissions;
                }

                return ExitCodes.Success;
            }
            finally
            {
                if (cluster is not null)
                {
                    await cluster.DisposeAsync();
                }
            }
        }));
        return command;
    }

    /// <summary>The thread pool's minimum for <c>serve</c> (see where it is set).</summary>
    private const int MinPoolThreads = 8;

    private static void LogTrustStoreRead(ILogger logger, TrustStoreRead? read, long elapsedMs)
    {
        if (read is null)
        {
            Log.TrustStoreUnreadable(logger, elapsedMs);
        }
        else
        {
            Log.TrustStoreRead(logger, (long)read.Elapsed.TotalMilliseconds, read.RootCount, elapsedMs);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1305, Level = LogLevel.Debug, Message = "Start: the machine's trust store read beside the start in {ReadMs} ms (root certificates: {RootCount}), at {ElapsedMs} ms after the process started")]
        public static partial void TrustStoreRead(ILogger logger, long readMs, int rootCount, long elapsedMs);

        [LoggerMessage(EventId = 1306, Level = LogLevel.Debug, Message = "Start: the machine's trust store could not be read, at {ElapsedMs} ms after the process started; a cluster with a CA in its kubeconfig is checked against that CA alone")]
        public static partial void TrustStoreUnreadable(ILogger logger, long elapsedMs);

        [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "Attached: proposing with the tool manifests in {Manifests} and the policy in {Policies}, {Recorded}")]
        public static partial void AttachedWithRecordedConfiguration(ILogger logger, string manifests, string policies, string recorded);
    }

    /// <summary>
    /// Serves stdio while the runtime starts, then disposes the runtime; a start that failed is thrown,
    /// and reported, as before.
    /// </summary>
    private static async Task ServeStdioWhileStartingAsync(GateStart start, LogLevel level, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        try
        {
            await McpGateServer.RunStdioAsync(start, level, loggerFactory, cancellationToken);
        }
        catch
        {
            if (start.Runtime.IsCompletedSuccessfully)
            {
                await start.Runtime.Result.DisposeAsync();
            }

            throw;
        }

        // The client may have left before the runtime was ready: it is awaited to be disposed (or its failure reported).
        await using var runtime = await start.Runtime;
    }

    /// <summary>The canonical form of <c>--agent</c> (Alice is alice), the name policy rules and approvers are compared with.</summary>
    private static string AgentName(string? name) =>
        Identities.TryCanonicalize(name, out var canonical)
            ? canonical
            : throw new CliInputException($"--agent {Identities.Show(name)}: {Identities.Rule}");

    /// <summary>A real cluster's kubeconfig and port, opened at start, with the read of its identity under way.</summary>
    private sealed record EarlyCluster(KubeConfiguration? Configuration, KubernetesClusterPort Port, Task<ClusterIdentity> Identity);

    /// <param name="kubeconfig">The kubeconfig file(s); null for <c>--in-cluster</c>.</param>
    private static EarlyCluster OpenEarly(string? kubeconfig, string? context, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var configuration = kubeconfig is null ? null : LoadKubeconfig(kubeconfig);
        var port = configuration is null ? OpenInCluster(loggerFactory) : OpenCluster(configuration, context, loggerFactory);

        // GateRuntime awaits it and reports its failure (an unreachable cluster stops the start, once, not
        // after a second round of retries). Observed here too, for when the configuration fails first.
        var identity = port.GetIdentityAsync(cancellationToken);
        _ = identity.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return new EarlyCluster(configuration, port, identity);
    }

    /// <summary>The configuration failed: closes what <see cref="OpenEarly"/> opened, whose own errors then do not matter.</summary>
    private static async Task CloseEarlyAsync(Task<EarlyCluster>? early)
    {
        if (early is null)
        {
            return;
        }

        try
        {
            (await early).Port.Dispose();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The configuration's error is the one reported, whatever went wrong with the cluster.
        }
    }

    private static KubeConfiguration LoadKubeconfig(string kubeconfig)
    {
        try
        {
            return KubeConfigLoader.Load(kubeconfig);
        }
        catch (KubeConfigException ex)
        {
            throw new CliInputException(ex.Message, ex);
        }
    }

    private static KubernetesClusterPort OpenInCluster(ILoggerFactory loggerFactory)
    {
        try
        {
            return KubernetesClusterPort.FromInCluster(loggerFactory: loggerFactory);
        }
        catch (KubeConfigException ex)
        {
            throw new CliInputException(ex.Message, ex);
        }
    }

    private static KubernetesClusterPort OpenCluster(KubeConfiguration configuration, string? context, ILoggerFactory loggerFactory)
    {
        try
        {
            return KubernetesClusterPort.FromConfiguration(configuration, context, null, loggerFactory);
        }
        catch (KubeConfigException ex)
        {
            throw new CliInputException(ex.Message, ex);
        }
    }
}
