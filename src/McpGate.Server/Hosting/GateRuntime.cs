using System.Diagnostics;
using McpGate.Core.Cluster;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Core.Manifests;
using McpGate.Core.Notifications;
using McpGate.Core.Policy;
using McpGate.Core.Storage;
using McpGate.Kubernetes.Probes;
using McpGate.Server.Notifications;
using Microsoft.Extensions.Logging;

namespace McpGate.Server.Hosting;

/// <summary>
/// Loads and checks everything a gate needs before it runs a single tool call: manifests,
/// policy and approver keys, the data directory, the gate key and the ledger. Owns them.
/// (<c>initialize</c> and <c>tools/list</c> need the manifests only; see <see cref="GateStart"/>.)
/// </summary>
public sealed partial class GateRuntime : IAsyncDisposable
{
    private readonly ChangeLedger _ledger;
    private readonly Ed25519PrivateKey _gateKey;

    private GateRuntime(GateContext context, ChangeLedger ledger, Ed25519PrivateKey gateKey)
    {
        Context = context;
        _ledger = ledger;
        _gateKey = gateKey;
        Checkpointer = new LedgerCheckpointer(ledger, gateKey, context.Time);
    }

    public GateContext Context { get; }

    /// <summary>Signs the ledger's checkpoints with the gate key (run by <see cref="CheckpointWorker"/>).</summary>
    public LedgerCheckpointer Checkpointer { get; }

    /// <summary>
    /// Resolves the cluster's identity first: a gate that cannot tell which cluster it is connected to
    /// cannot sign a proof that says so, so an unreachable cluster stops the start. An unreadable
    /// kube-system uid does not: the identity then rests on URL and certificates, and a warning says so.
    /// </summary>
    /// <exception cref="GateStartupException">Something is invalid or the cluster cannot be identified; the message says what and where.</exception>
    /// <exception cref="LedgerStorageException">The ledger's disk is full, read-only or gone.</exception>
    /// <exception cref="GateStartupException">Also when the ledger is not an extension of its checkpoints (<see cref="CheckCheckpointsAsync"/>).</exception>
    public static Task<GateRuntime> CreateAsync(GateServerOptions options, IClusterPort cluster, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default) =>
        CreateAsync(options, cluster, loggerFactory, identityUnderWay: null, cancellationToken);

    /// <summary>As the other overload, with the read of the cluster's identity already started (by <c>serve</c>, while it loaded the configuration).</summary>
    /// <param name="identityUnderWay">The caller's <see cref="IClusterPort.GetIdentityAsync"/> of <paramref name="cluster"/>: its result or failure is used, not asked again; null asks now.</param>
    public static async Task<GateRuntime> CreateAsync(GateServerOptions options, IClusterPort cluster, ILoggerFactory loggerFactory, Task<ClusterIdentity>? identityUnderWay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var started = Stopwatch.GetTimestamp();
        ClusterIdentity identity;
        try
        {
            identity = await (identityUnderWay ?? cluster.GetIdentityAsync(cancellationToken)).ConfigureAwait(false);
        }
        catch (ClusterException ex)
        {
            throw new GateStartupException($"cluster '{cluster.ClusterName}': cannot establish which cluster this is, so no proof could name it: {ex.Message}", ex);
        }

        var logger = loggerFactory.CreateLogger<GateRuntime>();
        StartStep(logger, "cluster identified", started);
        Log.ClusterIdentified(logger, cluster.ClusterName, identity.Server, identity.Id, identity.CertificateSource, identity.CertificateDigest ?? "none");
        if (identity.KubeSystemUid is null)
        {
            Log.KubeSystemUidUnreadable(logger, cluster.ClusterName);
        }

        var runtime = Create(options, cluster, identity, loggerFactory);
        StartStep(logger, "configuration, keys, ledger and engine ready", started);
        try
        {
            await runtime.CheckCheckpointsAsync(cancellationToken).ConfigureAwait(false);
            StartStep(logger, "ledger checkpoints checked", started);
        }
        catch
        {
            await runtime.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return runtime;
    }

    private static GateRuntime Create(GateServerOptions options, IClusterPort cluster, ClusterIdentity identity, ILoggerFactory loggerFactory)
    {
        // The requester is compared with approvers in canonical form: Alice is alice.
        if (!Identities.TryCanonicalize(options.Agent, out var agent))
        {
            throw new GateStartupException($"agent {Identities.Show(options.Agent)}: {Identities.Rule}");
        }

        // The probes are registered once, here; every manifest's verify.expect must name one of them.
        var probes = KubernetesStateProbes.Create(cluster);
        var (manifests, policy) = options.Configuration
            ?? LoadConfiguration(options.ManifestsPath, options.PoliciesPath, GateKeyStore.TryLoadPublicKey(options.DataDirectory), probes.Expectations);
        Ed25519PrivateKey gateKey;
        ChangeLedger ledger;
        try
        {
            options.DataDirectory.EnsureExists();

            gateKey = GateKeyStore.LoadOrCreate(options.DataDirectory);
            ledger = ChangeLedger.Open(options.DataDirectory.LedgerPath, options.TimeProvider);
        }
        catch (LedgerStorageException)
        {
            // Already one readable sentence naming the condition and the path.
            throw;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or KeyFormatException)
        {
            throw new GateStartupException($"data directory {options.DataDirectory.Path}: {ex.Message}", ex);
        }

        var logger = loggerFactory.CreateLogger<GateRuntime>();
        try
        {
            TestCrashPoint.FromEnvironment(Environment.GetEnvironmentVariable, logger)?.Attach(ledger);
        }
        catch (GateStartupException)
        {
            ledger.Dispose();
            gateKey.Dispose();
            throw;
        }

        // The record names the executor's policy, which counts approvals: an attached gate writes it
        // only while no gate has, so that the CLI finds a policy before the service first starts.
        if (!options.Attached || !File.Exists(GateRecord.PathFor(options.DataDirectory, identity.Id)))
        {
            RecordConfiguration(options, cluster, identity, logger);
        }

        foreach (var warning in policy.Warnings)
        {
            Log.PolicyWarning(logger, warning);
        }

        ChangeEngine engine;
        try
        {
            engine = new ChangeEngine(cluster, probes, ledger, policy, gateKey, options.TimeProvider,
                new ChangeEngineOptions
                {
                    ExecutorLockPath = Path.Combine(options.DataDirectory.Path, ExecutorLock.FileName(identity.Id)),
                    Tools = manifests.Tools,
                    Executes = !options.Attached,
                },
                loggerFactory.CreateLogger<ChangeEngine>());
        }
        catch (ArgumentException ex)
        {
            ledger.Dispose();
            gateKey.Dispose();
            throw new GateStartupException($"policies {options.PoliciesPath}: {ex.Message}", ex);
        }

        if (options.Attached && !engine.ExecutorRunning())
        {
            Log.NoExecutor(logger, options.DataDirectory.Path, cluster.ClusterName);
        }

        NotificationDispatcher? notifications = null;
        if (!options.Attached)
        {
            try
            {
                var notifiers = NotifierFile.LoadDirectory(options.PoliciesPath);
                if (notifiers.Count > 0)
                {
                    notifications = NotificationDispatcher.Create(ledger, notifiers, policy, engine.GatePublicKey, options.Notifications, loggerFactory.CreateLogger<NotificationDispatcher>());
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or PolicyValidationException or IOException)
            {
                // Not one secret in the message: it names the variable or the file.
                ledger.Dispose();
                gateKey.Dispose();
                throw new GateStartupException($"policies {options.PoliciesPath}: {ex.Message}", ex);
            }
        }

        ReadLog? readLog = null;
        if (policy.Audit.RecordReads)
        {
            readLog = new ReadLog(ledger, options.TimeProvider, loggerFactory.CreateLogger<ReadLog>());
        }
        else
        {
            Log.ReadsNotRecorded(logger, policy.Audit.Location);
        }

        var context = new GateContext
        {
            Manifests = manifests,
            Cluster = cluster,
            Engine = engine,
            DataDirectory = options.DataDirectory,
            Agent = agent,
            Time = options.TimeProvider,
            ReadScope = policy.ReadScope,
            Policies = policy.Sources,
            Contexts = options.Contexts ?? [],
            ReadLog = readLog,
            Notifications = notifications,
        };
        return new GateRuntime(context, ledger, gateKey);
    }

    /// <summary>
    /// Records in the data directory which policy and manifests this gate loaded, so that the CLI,
    /// run from any directory, checks approvals against the same policy. Best effort: a gate whose
    /// ledger works still starts when the record cannot be written (the CLI then says which policy
    /// it read instead).
    /// </summary>
    private static void RecordConfiguration(GateServerOptions options, IClusterPort cluster, ClusterIdentity identity, ILogger logger)
    {
        try
        {
            new GateRecord
            {
                PoliciesPath = Path.GetFullPath(options.PoliciesPath),
                ManifestsPath = Path.GetFullPath(options.ManifestsPath),
                Cluster = cluster.ClusterName,
                ClusterId = identity.Id,
                ProcessId = Environment.ProcessId,
                StartedAt = options.TimeProvider.GetUtcNow(),
            }.Write(options.DataDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.GateRecordNotWritten(logger, GateRecord.PathFor(options.DataDirectory, identity.Id), ex.Message);
        }
    }

    /// <summary>Loads and validates manifests and policy; every error at once.</summary>
    /// <param name="probes">
    /// The names of the verification probes the gate registers; each manifest's <c>verify.expect</c>
    /// must be one of them. Default: the probes McpGate ships (<see cref="KubernetesStateProbes.Names"/>).
    /// </param>
    public static (ManifestSet Manifests, PolicySet Policy) LoadConfiguration(string manifestsPath, string policiesPath, Ed25519PublicKey? gateKey = null, IReadOnlyCollection<string>? probes = null)
    {
        var errors = new List<string>();
        ManifestSet? manifests = null;
        PolicySet? policy = null;
        try
        {
            manifests = ManifestLoader.LoadDirectory(manifestsPath);
            errors.AddRange(VerifyProbeNames.Check(manifests, probes ?? KubernetesStateProbes.Names));
        }
        catch (ManifestValidationException ex)
        {
            errors.AddRange(ex.Errors);
        }
        catch (IOException ex)
        {
            errors.Add($"manifests {manifestsPath}: {ex.Message}");
        }

        try
        {
            // Checked here for its form; the webhooks' keys are read by the executing gate only (CreateAsync).
            NotifierFile.LoadDirectory(policiesPath);
        }
        catch (PolicyValidationException ex)
        {
            errors.AddRange(ex.Errors);
        }
        catch (IOException ex)
        {
            errors.Add($"policies {policiesPath}: {ex.Message}");
        }

        try
        {
            policy = PolicySet.LoadDirectory(policiesPath);
            var approvers = Core.Approvals.TrustedApprovers.FromPolicy(policy);
            if (gateKey is not null && approvers.FirstOrDefault(a => a.PublicKey.Equals(gateKey)) is { } self)
            {
                errors.Add($"policies {policiesPath}: approver '{self.Identity}' has the gate's own public key; the gate must never be able to approve its own changes");
            }
        }
        catch (PolicyValidationException ex)
        {
            errors.AddRange(ex.Errors);
        }
        catch (KeyFormatException ex)
        {
            errors.Add($"policies {policiesPath}: {ex.Message}");
        }
        catch (IOException ex)
        {
            errors.Add($"policies {policiesPath}: {ex.Message}");
        }

        foreach (var reserved in new[] { Tools.GetChangeTool.ToolName, Tools.ChangesListTool.ToolName, Tools.ContextsListTool.ToolName })
        {
            if (manifests is not null && manifests.Find(reserved) is not null)
            {
                errors.Add($"manifests {manifestsPath}: '{reserved}' is the gate's own tool; a manifest cannot use that name");
            }
        }

        if (errors.Count > 0)
        {
            throw new GateStartupException("McpGate cannot start:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)));
        }

        return (manifests!, policy!);
    }

    private static void StartStep(ILogger logger, string step, long started)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Log.StartStep(logger, step, elapsedMs);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.Engine.DisposeAsync().ConfigureAwait(false);
        if (Context.ReadLog is { } readLog)
        {
            await readLog.DisposeAsync().ConfigureAwait(false);
        }

        Context.Notifications?.Dispose();

        _ledger.Dispose();
        _gateKey.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2113, Level = LogLevel.Debug, Message = "Start: {Step} {ElapsedMs} ms into the gate runtime's start")]
        public static partial void StartStep(ILogger logger, string step, long elapsedMs);

        [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Policy: {Warning}")]
        public static partial void PolicyWarning(ILogger logger, string warning);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Context {Context} is cluster {ClusterId} at {Server} (certificate {CertificateSource} {CertificateDigest})")]
        public static partial void ClusterIdentified(ILogger logger, string context, string server, string clusterId, string certificateSource, string certificateDigest);

        [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Context {Context}: the kube-system namespace is not readable with these credentials; the cluster identity rests on server URL and certificates only (grant get on namespace kube-system for a stable id)")]
        public static partial void KubeSystemUidUnreadable(ILogger logger, string context);

        [LoggerMessage(EventId = 2111, Level = LogLevel.Warning, Message = "Attached to {DataDirectory}, but no gate executes changes there for cluster {Cluster}: approved changes wait until 'mcpgate serve --service' (or a plain 'serve') runs with this data directory")]
        public static partial void NoExecutor(ILogger logger, string dataDirectory, string cluster);

        [LoggerMessage(EventId = 2112, Level = LogLevel.Information, Message = "Read tool calls are not recorded: the policy turns it off (audit.recordReads: false at {Location})")]
        public static partial void ReadsNotRecorded(ILogger logger, string location);

        [LoggerMessage(EventId = 2110, Level = LogLevel.Warning, Message = "Could not record this gate's policy and manifest paths in {Path} ({Reason}); the CLI will say which policy it reads instead")]
        public static partial void GateRecordNotWritten(ILogger logger, string path, string reason);
    }
}
