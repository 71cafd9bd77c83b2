namespace McpGate.Adversarial.Tests.Terminal;

/// <summary>Piped output and NO_COLOR / TERM=dumb get no escape sequences, whatever TERM claims.</summary>
public sealed class ColourTests
{
    public static TheoryData<string, string?, string?> Environments => new()
    {
        { "piped, colour terminal claimed", "xterm-256color", null },
        { "piped, NO_COLOR", "xterm-256color", "1" },
        { "piped, TERM=dumb", "dumb", null },
    };

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task ClusterCheckAndShow_Piped_WriteNoEscapeByte(string setting, string? term, string? noColor)
    {
        await using var gate = await TerminalGate.StartAsync();
        var kubeconfig = gate.Combine("kubeconfig");
        await gate.Harness.Sandbox.WriteKubeconfigAsync(kubeconfig);
        var change = await gate.Harness.ProposeScaleAsync(4);
        var environment = new Dictionary<string, string?> { ["TERM"] = term, ["NO_COLOR"] = noColor, ["COLORTERM"] = "truecolor" };

        var check = await TerminalGate.CliAsync(["cluster", "check", "--kubeconfig", kubeconfig, "--policies", gate.PoliciesDir], environment);
        var show = await TerminalGate.CliAsync(["approvals", "show", change.Id, "--data-dir", gate.DataDir], environment);

        check.StandardOutput.Should().Contain("cluster check", setting).And.Contain("NAMESPACE");
        show.ExitCode.Should().Be(0, show.ToString());
        show.StandardOutput.Should().Contain("Checks").And.Contain("pass");
        foreach (var run in new[] { check, show })
        {
            (run.StandardOutput + run.StandardError).Should().NotContain("\u001b", $"{setting}: {run}");
        }
    }
}
