using System.Text.Json.Nodes;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// <c>mcpgate audit export</c> checked by the independent verifier in tools/ (Node.js, standard
/// library only), on a real gate's ledger; and every tampering of the export is caught by it.
/// </summary>
public sealed class AuditExportTests(GateFixture gate) : IClassFixture<GateFixture>, IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);
    private readonly TempDirectory _out = new("mcpgate-audit-");

    public void Dispose() => _out.Dispose();

    private static string Verifier => Path.Combine(RepoPaths.Root, "tools", "verify-audit.mjs");

    [Fact]
    public async Task Export_OfRealChanges_IsVerifiedByTheIndependentVerifier_AndEachTamperingIsCaught()
    {
        await MakeHistoryAsync();
        var file = _out.Combine("audit.jsonl");

        var export = await gate.CliAsync("audit", "export", "--data-dir", gate.DataDir, "--out", file);
        var verified = await NodeAsync(file);

        export.ExitCode.Should().Be(0, export.ToString());
        verified.ExitCode.Should().Be(0, verified.ToString());
        verified.StandardOutput.Should().MatchRegex(@"^audit OK: (\d+) entries exported of \1, chain intact; [1-9]\d* checkpoints verify and cover (every entry|entries 1 to \d+ of \d+); \d+ changes; [1-9]\d* signatures verified");

        var lines = await File.ReadAllLinesAsync(file);
        var tampered = new (string Name, Func<string[], string[]> Edit, string Expected)[]
        {
            ("a payload edited", l => EditFirst(l, "entry", e => e["payload"] = e["payload"]!.GetValue<string>().Replace("demo", "prod", StringComparison.Ordinal)), "entryHash does not match its content"),
            ("an entry removed", l => [.. l.Where((line, i) => i != IndexOf(l, "entry", 2))], "entry 2 missing from the export"),
            ("a payload edited and the whole chain recomputed", l => Rehash(EditFirst(l, "entry", e => e["payload"] = e["payload"]!.GetValue<string>().Replace("demo", "prod", StringComparison.Ordinal))), "is not the signed root: an entry among them was changed"),
            ("the last entries cut and the header shrunk", l => CutLast(l, 3), "entries were removed"),
            ("a checkpoint's signature flipped", l => EditFirst(l, "checkpoint", c => c["note"] = FlipSignature(c["note"]!.GetValue<string>())), "no signature line of mcpgate/"),
            // A checkpoint of at least two entries: the first one may cover a single entry (the gate signs one
            // at the first minute's tick too), and a size of 0 is refused as a form before its signature is read.
            ("a checkpoint's tree size edited", l => EditFirst(l, "checkpoint", c => c["note"] = EditSize(c["note"]!.GetValue<string>()), c => TreeSize(c) >= 2), ": no signature line of mcpgate/"),
            ("another gate key", l => EditFirst(l, "header", h => h["gatePublicKey"] = "ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="), "is not the gate key's, mcpgate/"),
            ("another gate key, the checkpoints left out", l => WithoutCheckpoints(EditFirst(l, "header", h => h["gatePublicKey"] = "ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")), "its proof is not signed by the gate key"),
            ("an approval signature replaced, the chain recomputed", l => Rehash(EditFirst(l, "entry", e => e["payload"] = ResignedEnvelope(e["payload"]!.GetValue<string>()), e => e["eventType"]!.GetValue<string>() == "approval_submitted")), "is not the signed root"),
            ("an approval signature replaced, the chain recomputed, the checkpoints left out", l => WithoutCheckpoints(Rehash(EditFirst(l, "entry", e => e["payload"] = ResignedEnvelope(e["payload"]!.GetValue<string>()), e => e["eventType"]!.GetValue<string>() == "approval_submitted"))), "is not signed with alice's key"),
            ("a proof swapped between changes", l => SwapProofs(l), "the proven entry"),
        };
        foreach (var (name, edit, expected) in tampered)
        {
            var path = _out.Combine(name.Replace(' ', '-') + ".jsonl");
            await File.WriteAllLinesAsync(path, edit(lines));
            var run = await NodeAsync(path);
            run.ExitCode.Should().Be(1, $"{name}: {run}");
            run.StandardOutput.Should().StartWith("audit FAILED: ").And.Contain(expected, name);
        }
    }

    [Fact]
    public async Task Export_ATimeRange_HoldsOnlyThoseEntriesInFull_AndStillVerifies()
    {
        await MakeHistoryAsync();
        var all = await ExportLinesAsync();
        var entries = all.Where(l => l["type"]!.GetValue<string>() == "entry").ToList();
        var middle = entries[entries.Count / 2]["time"]!.GetValue<string>();
        var file = _out.Combine("range.jsonl");

        var export = await gate.CliAsync("audit", "export", "--data-dir", gate.DataDir, "--since", middle, "--out", file);
        var verified = await NodeAsync(file);

        export.ExitCode.Should().Be(0, export.ToString());
        var lines = (await File.ReadAllLinesAsync(file)).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var inRange = lines.Where(l => l["type"]!.GetValue<string>() == "entry").ToList();
        inRange.Should().NotBeEmpty().And.OnlyContain(e => string.CompareOrdinal(e["time"]!.GetValue<string>(), middle) >= 0);
        lines.Count(l => l["type"]!.GetValue<string>() == "hash").Should().BeGreaterThan(0, "entries before the range are there as their hashes");
        verified.ExitCode.Should().Be(0, verified.ToString());
        verified.StandardOutput.Should().StartWith($"audit OK: {inRange.Count} entries exported of ");
    }

    [Fact]
    public async Task Export_Csv_IsOneRowPerEntry_WithFormulasDefused()
    {
        await MakeHistoryAsync("=HYPERLINK(\"http://evil.example\",\"x\")");

        var csv = await gate.CliAsync("audit", "export", "--data-dir", gate.DataDir, "--format", "csv");
        var jsonl = await gate.CliAsync("audit", "export", "--data-dir", gate.DataDir);

        csv.ExitCode.Should().Be(0, csv.ToString());
        var rows = csv.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        rows[0].Should().Be("seq,time,change_id,event,from,to,who,decision,detail,entry_hash");
        (rows.Length - 1).Should().Be(jsonl.StandardOutput.Split('\n').Count(l => l.Contains("\"type\":\"entry\"", StringComparison.Ordinal)));
        rows.Skip(1).Should().OnlyContain(r => !r.StartsWith('=') && !r.Contains(",=", StringComparison.Ordinal) && !r.Contains(",\"=", StringComparison.Ordinal));
        csv.StandardOutput.Should().Contain(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",", "a cell starting with = is prefixed with ' and quoted, its quotes doubled");
    }

    [Theory]
    [InlineData(new[] { "--since", "2026-11-01" }, "--since: \"2026-11-01\" must be an ISO 8601 time with an offset")]
    [InlineData(new[] { "--until", "yesterday" }, "--until: \"yesterday\" must be an ISO 8601 time with an offset")]
    [InlineData(new[] { "--since", "2026-11-02T00:00:00Z", "--until", "2026-11-01T00:00:00Z" }, "--until 2026-11-01T00:00:00.0000000+00:00 must be after --since")]
    [InlineData(new[] { "--format", "xml" }, "xml")]
    public async Task Export_BadOptions_ExitTwoNamingThem(string[] options, string expected)
    {
        var run = await gate.CliAsync(["audit", "export", "--data-dir", gate.DataDir, .. options]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain(expected);
    }

    [Fact]
    public async Task Export_ToAFileThatExists_IsRefusedAndLeavesItAlone()
    {
        var file = _out.Combine("exists.jsonl");
        await File.WriteAllTextAsync(file, "keep me");

        var run = await gate.CliAsync("audit", "export", "--data-dir", gate.DataDir, "--out", file);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain("an export never overwrites a file");
        (await File.ReadAllTextAsync(file)).Should().Be("keep me");
    }

    private async Task MakeHistoryAsync(string cancelReason = "not needed")
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var web = await gate.Client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" }, cancellationToken: timeout.Token);
        var proposal = await gate.Client.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = web.GetProperty("replicas").GetInt32() + 1, ["reason"] = "audit export" }, cancellationToken: timeout.Token);
        var id = proposal.GetProperty("changeId").GetString()!;
        (await gate.CliAsync("approvals", "approve", id, "--key", gate.AliceKey, "--data-dir", gate.DataDir, "--policies", gate.PoliciesDir)).ExitCode.Should().Be(0);
        var final = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = id, ["wait_seconds"] = 90 }, cancellationToken: timeout.Token);
        final.GetProperty("status").GetString().Should().Be("verified", final.ToString());

        var other = await gate.Client.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "api", ["replicas"] = 7, ["reason"] = "audit export, cancelled" }, cancellationToken: timeout.Token);
        var cancel = await gate.CliAsync("approvals", "cancel", other.GetProperty("changeId").GetString()!, "--key", gate.BobKey, "--reason", cancelReason, "--data-dir", gate.DataDir, "--policies", gate.PoliciesDir);
        cancel.ExitCode.Should().Be(0, cancel.ToString());

        // Both changes ended: the gate signs a checkpoint covering every entry within seconds.
        while (!CoveredByACheckpoint(await ExportLinesAsync()))
        {
            timeout.Token.ThrowIfCancellationRequested();
            await Task.Delay(200, timeout.Token);
        }
    }

    private static bool CoveredByACheckpoint(List<JsonObject> lines) =>
        lines.Where(l => l["type"]!.GetValue<string>() == "checkpoint")
            .Any(c => c["note"]!.GetValue<string>().Split('\n')[1] == lines[0]["treeSize"]!.ToString());

    private async Task<List<JsonObject>> ExportLinesAsync()
    {
        var export = await gate.CliAsync("audit", "export", "--data-dir", gate.DataDir);
        export.ExitCode.Should().Be(0, export.ToString());
        return [.. export.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())];
    }

    /// <summary>The last <paramref name="count"/> entries removed and the header's tree size lowered to match, as a truncating attacker would.</summary>
    private static string[] CutLast(string[] lines, int count)
    {
        var header = JsonNode.Parse(lines[0])!.AsObject();
        var size = header["treeSize"]!.GetValue<long>();
        header["treeSize"] = size - count;
        var kept = lines.Skip(1).Where(l =>
        {
            var node = JsonNode.Parse(l)!.AsObject();
            return node["seq"] is null || node["seq"]!.GetValue<long>() <= size - count;
        });
        return [header.ToJsonString(), .. kept];
    }

    private static string[] WithoutCheckpoints(string[] lines) =>
        [.. lines.Where(line => !line.Contains("\"type\":\"checkpoint\"", StringComparison.Ordinal))];

    private static string FlipSignature(string note)
    {
        var line = note.Split('\n').First(l => l.StartsWith('\u2014'));
        var blob = Convert.FromBase64String(line[(line.LastIndexOf(' ') + 1)..]);
        blob[^1] ^= 0x01;
        return note.Replace(line, line[..(line.LastIndexOf(' ') + 1)] + Convert.ToBase64String(blob), StringComparison.Ordinal);
    }

    private static long TreeSize(JsonObject checkpoint) =>
        long.Parse(checkpoint["note"]!.GetValue<string>().Split('\n')[1], System.Globalization.CultureInfo.InvariantCulture);

    private static string EditSize(string note)
    {
        var lines = note.Split('\n');
        lines[1] = (long.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join('\n', lines);
    }

    private static Task<ProcessResult> NodeAsync(string file) => ProcessRunner.RunAsync("node", [Verifier, file], TimeSpan.FromSeconds(60));

    private static int IndexOf(string[] lines, string type, int nth = 1) =>
        lines.Select((line, i) => (line, i)).Where(p => p.line.Contains($"\"type\":\"{type}\"", StringComparison.Ordinal)).Skip(nth - 1).First().i;

    private static string[] EditFirst(string[] lines, string type, Action<JsonObject> edit, Func<JsonObject, bool>? where = null)
    {
        var copy = (string[])lines.Clone();
        for (var i = 0; i < copy.Length; i++)
        {
            var node = JsonNode.Parse(copy[i])!.AsObject();
            if (node["type"]!.GetValue<string>() == type && (where?.Invoke(node) ?? true))
            {
                edit(node);
                copy[i] = node.ToJsonString();
                return copy;
            }
        }

        throw new InvalidOperationException($"no {type} line to edit");
    }

    /// <summary>An approval envelope whose signature is another valid-looking one: the payload's first byte flipped in the signature.</summary>
    private static string ResignedEnvelope(string payloadJson)
    {
        var payload = JsonNode.Parse(payloadJson)!.AsObject();
        var envelope = JsonNode.Parse(payload["envelope"]!.GetValue<string>())!.AsObject();
        var signature = Convert.FromBase64String(envelope["signatures"]![0]!["sig"]!.GetValue<string>());
        signature[0] ^= 0x01;
        envelope["signatures"]![0]!["sig"] = Convert.ToBase64String(signature);
        payload["envelope"] = envelope.ToJsonString();
        return McpGate.Core.Json.CanonicalJson.ToCanonicalString(payload);
    }

    /// <summary>Recomputes every entry's hash and link in the export, as an attacker who rewrote it would.</summary>
    private static string[] Rehash(string[] lines)
    {
        var copy = (string[])lines.Clone();
        var entries = copy.Select((line, i) => (node: JsonNode.Parse(line)!.AsObject(), i))
            .Where(p => p.node["type"]!.GetValue<string>() == "entry")
            .OrderBy(p => p.node["seq"]!.GetValue<long>())
            .ToList();
        string? previous = null;
        foreach (var (node, i) in entries)
        {
            node["prevHash"] = previous ?? node["prevHash"]!.GetValue<string>();
            var hashed = new JsonObject
            {
                ["changeId"] = node["changeId"]!.GetValue<string>(),
                ["eventType"] = node["eventType"]!.GetValue<string>(),
                ["payload"] = JsonNode.Parse(node["payload"]!.GetValue<string>()),
                ["prevHash"] = node["prevHash"]!.GetValue<string>(),
                ["sequence"] = node["seq"]!.GetValue<long>(),
                ["time"] = node["time"]!.GetValue<string>(),
            };
            previous = McpGate.Core.Crypto.Sha256Digest.Compute(McpGate.Core.Json.CanonicalJson.Serialize(hashed)).ToString();
            node["entryHash"] = previous;
            copy[i] = node.ToJsonString();
        }

        return copy;
    }

    private static string[] SwapProofs(string[] lines)
    {
        var copy = (string[])lines.Clone();
        var changes = copy.Select((line, i) => (node: JsonNode.Parse(line)!.AsObject(), i))
            .Where(p => p.node["type"]!.GetValue<string>() == "change" && p.node["proofEnvelope"] is not null).Take(2).ToList();
        (changes[0].node["proofEnvelope"], changes[1].node["proofEnvelope"]) = (changes[1].node["proofEnvelope"]!.DeepClone(), changes[0].node["proofEnvelope"]!.DeepClone());
        copy[changes[0].i] = changes[0].node.ToJsonString();
        copy[changes[1].i] = changes[1].node.ToJsonString();
        return copy;
    }
}
