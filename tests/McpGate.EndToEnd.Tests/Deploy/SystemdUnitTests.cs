using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests.Deploy;

/// <summary>
/// <c>deploy/systemd/mcpgate.service</c> checked by the real <c>systemd-analyze</c>. <c>verify</c> refuses a unit
/// whose ExecStart binary does not exist, and the unit names <c>/usr/local/bin/mcpgate</c>, which exists only
/// once mcpgate is installed (docs/install.md). So the tests verify a temporary copy whose only change is that
/// path, replaced by the <c>mcpgate</c> executable built for the tests; every other line is the shipped one.
/// </summary>
public sealed class SystemdUnitTests : IDisposable
{
    private const string SystemdAnalyze = "/usr/bin/systemd-analyze";
    private const string InstalledBinary = "/usr/local/bin/mcpgate";

    private readonly TempDirectory _dir = new("mcpgate-systemd-");

    public void Dispose() => _dir.Dispose();

    [InstalledFact(SystemdAnalyze)]
    public async Task Verify_ShippedUnitWithTheBuiltBinary_PassesWithoutAWord()
    {
        var unit = Copy(Shipped());

        var verify = await Analyze("verify", unit);

        verify.ExitCode.Should().Be(0, verify.ToString());
        (verify.StandardOutput + verify.StandardError).Should().BeEmpty("systemd warns about unknown keys and bad values but still exits 0");
    }

    [InstalledFact(SystemdAnalyze)]
    public async Task Security_ShippedUnit_ExposureAtMostTwo()
    {
        var unit = Copy(Shipped());

        var security = await Analyze("security", "--offline=true", "--threshold=20", unit);

        security.ExitCode.Should().Be(0, security.ToString());
        security.StandardOutput.Should().MatchRegex(@"Overall exposure level for mcpgate\.service: [01]\.\d");
    }

    public static TheoryData<string, string, string> BrokenCopies => new()
    {
        { "a misspelt key", "PrivateTmp=yes", "PrivateTemp=yes" },
        { "a bad restart value", "Restart=on-failure", "Restart=sometimes" },
        { "a binary that does not exist", "ExecStart=BINARY ", "ExecStart=/nonexistent/mcpgate " },
        { "a relative writable path", "ReadWritePaths=/var/lib/mcpgate", "ReadWritePaths=var/lib/mcpgate" },
    };

    [InstalledTheory(SystemdAnalyze)]
    [MemberData(nameof(BrokenCopies))]
    public async Task Verify_BrokenCopy_Complains(string why, string line, string replacement)
    {
        var text = Shipped().Replace(InstalledBinary, "BINARY", StringComparison.Ordinal);
        text.Should().Contain(line);
        var unit = Copy(text.Replace(line, replacement, StringComparison.Ordinal).Replace("BINARY", InstalledBinary, StringComparison.Ordinal));

        var verify = await Analyze("verify", unit);

        (verify.ExitCode != 0 || (verify.StandardOutput + verify.StandardError).Length > 0).Should().BeTrue($"{why} must not verify cleanly: {verify}");
    }

    [InstalledFact(SystemdAnalyze)]
    public async Task Security_UnitWithoutItsHardening_IsAboveTheThreshold()
    {
        var lines = Shipped().Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("NoNewPrivileges=", StringComparison.Ordinal));
        var end = Array.FindIndex(lines, l => l.StartsWith("[Install]", StringComparison.Ordinal));
        start.Should().BePositive();
        var unit = Copy(string.Join('\n', lines[..start].Concat(lines[end..])));

        var security = await Analyze("security", "--offline=true", "--threshold=20", unit);

        security.ExitCode.Should().NotBe(0, "the threshold check must be able to fail: " + security);
    }

    [Fact]
    public void Unit_RunsTheServiceModeAsADedicatedUserWithOnlyItsDataWritable()
    {
        var settings = Shipped().Split('\n')
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .GroupBy(p => p[0], p => p[1])
            .ToDictionary(g => g.Key, g => g.ToList());

        settings["ExecStart"].Should().ContainSingle().Which.Should().StartWith($"{InstalledBinary} serve --service --kubeconfig ")
            .And.Contain(" --policies /etc/mcpgate/policies").And.Contain(" --data-dir /var/lib/mcpgate");
        settings["User"].Should().Equal("mcpgate");
        settings["Restart"].Should().Equal("on-failure");
        settings["ReadWritePaths"].Should().Equal("/var/lib/mcpgate");
        foreach (var (key, value) in new[] { ("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"), ("PrivateTmp", "yes"), ("ProtectHome", "yes"), ("CapabilityBoundingSet", string.Empty) })
        {
            settings[key].Should().Equal([value], key);
        }
    }

    private static string Shipped() => File.ReadAllText(DeployYaml.SystemdUnit);

    /// <summary>The unit under its own name in a temp folder, with the built mcpgate where the installed one would be.</summary>
    private string Copy(string text)
    {
        var built = Path.Combine(Path.GetDirectoryName(McpGateCli.AssemblyPath)!, "mcpgate");
        File.Exists(built).Should().BeTrue($"the test output holds the mcpgate executable ({built})");
        return _dir.Write("mcpgate.service", text.Replace($"ExecStart={InstalledBinary} ", $"ExecStart={built} ", StringComparison.Ordinal));
    }

    private static Task<ProcessResult> Analyze(params string[] arguments) =>
        ProcessRunner.RunAsync(SystemdAnalyze, arguments, TimeSpan.FromSeconds(60), new Dictionary<string, string?> { ["SYSTEMD_COLORS"] = "0", ["SYSTEMD_PAGER"] = "cat" });
}
