using System.CommandLine;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Audit;
using McpGate.Core.Policy;
using McpGate.Core.Storage;

namespace McpGate.Cli.Commands;

/// <summary>
/// <c>mcpgate audit export</c>: the ledger in a form an auditor checks offline (tools/verify-audit.mjs);
/// <c>mcpgate audit reads</c>: the read log.
/// </summary>
internal static partial class AuditCommand
{
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDir();
        var policies = CommonOptions.Policies();
        var since = new Option<string?>("--since") { Description = "Only entries at or after this time: ISO 8601 with an offset (2026-11-01T00:00:00Z) or a duration before now (24h, 7d)." };
        var until = new Option<string?>("--until") { Description = "Only entries before this time (same forms as --since)." };
        var output = new Option<string?>("--out") { Description = "Write to this file instead of stdout (refused if it exists)." };
        var format = new Option<string>("--format") { Description = "jsonl: every entry as stored and hashed, the proofs and the public keys, for tools/verify-audit.mjs; csv: a flat sheet for spreadsheets.", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "csv");
        var export = new Command("export", "Export the ledger for an auditor: JSON Lines that tools/verify-audit.mjs checks with nothing else (chain, Merkle tree, checkpoints, proofs, approvals, cancels), or a CSV sheet.")
        {
            dataDir, policies, since, until, output, format,
        };
        export.SetAction((parse, cancellationToken) => CliAction.RunAsync(async () =>
        {
            var directory = DataDirectory.Resolve(parse.GetValue(dataDir));
            var now = TimeProvider.System.GetUtcNow();
            var from = Time("--since", parse.GetValue(since), now);
            var to = Time("--until", parse.GetValue(until), now);
            if (from is { } a && to is { } b && b <= a)
            {
                throw new CliInputException($"--until {b:O} must be after --since {a:O}");
            }

            var gateKey = GateKeyStore.TryLoadPublicKey(directory)
                ?? throw new CliInputException($"no gate public key at {directory.GatePublicKeyPath}: an export without it cannot be checked");
            using var ledger = CliLedger.Open(directory);
            var options = new AuditExport.Options
            {
                Since = from,
                Until = to,
                GateKey = gateKey,
                Approvers = LedgerHistory.Approvers(directory, parse.GetValue(policies), clusterId: null),
                ExportedAt = now,
            };

            var path = parse.GetValue(output);
            long written;
            if (path is null)
            {
                written = await Terminal.Out.DataAsync(WriteAsync);
            }
            else
            {
                FileStream file;
                try
                {
                    file = new FileStream(Path.GetFullPath(path), FileMode.CreateNew, FileAccess.Write);
                }
                catch (IOException ex)
                {
                    throw new CliInputException($"--out {path}: {ex.Message} (an export never overwrites a file)", ex);
                }

                await using (file)
                await using (var writer = new StreamWriter(file, AuditExport.FileEncoding))
                {
                    written = await WriteAsync(writer);
                }

                Terminal.Error.Line($"exported {written} entries to {Path.GetFullPath(path)}");
            }

            return ExitCodes.Success;

            Task<long> WriteAsync(TextWriter writer) => parse.GetValue(format) == "csv"
                ? AuditCsv.WriteAsync(ledger, options, writer, cancellationToken)
                : AuditExport.WriteJsonLinesAsync(ledger, options, writer, cancellationToken);
        }));
        return new Command("audit", "Export the ledger for audit, and list the recorded reads and notification attempts.") { export, Reads(), Notifications() };
    }

    private static DateTimeOffset? Time(string option, string? text, DateTimeOffset now) => text is null
        ? null
        : ChangeListFilter.ParseTime(text, now) ?? throw new CliInputException($"{option}: {Identities.Show(text)} {ChangeListFilter.TimeRule}");
}
