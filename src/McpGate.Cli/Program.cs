using System.CommandLine;
using McpGate.Cli.Commands;
using McpGate.Cli.Infrastructure;

if (args is ["serve", ..])
{
    StartupProfile.Start("serve");
}

var root = new RootCommand("McpGate: a gated MCP server for infrastructure. Reads pass through; writes need a signed proof, policy and a human approval.")
{
    ServeCommand.Create(),
    SandboxCommand.Create(),
    DemoCommand.Create(),
    KeysCommand.Create(),
    TokensCommand.Create(),
    ApprovalsCommand.Create(),
    ChangesCommand.Create(),
    ProofCommand.Create(),
    LedgerCommand.Create(),
    AuditCommand.Create(),
    ClusterCommand.Create(),
    PolicyCommand.Create(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Terminal.Error.Line($"mcpgate: {error.Message}");
    }

    Terminal.Error.Line($"Run 'mcpgate --help' (or 'mcpgate COMMAND --help') for usage.");
    return ExitCodes.UsageError;
}

return await parse.InvokeAsync();
