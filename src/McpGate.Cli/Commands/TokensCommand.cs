using System.CommandLine;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Policy;
using McpGate.Core.Tokens;

namespace McpGate.Cli.Commands;

/// <summary>
/// <c>mcpgate tokens create|list|revoke</c>: agents' bearer tokens for <c>serve --http</c>. The policy
/// directory's <c>tokens.yaml</c> holds only their SHA-256; a running server re-reads it on change.
/// </summary>
internal static class TokensCommand
{
    private const int MinimumPrefix = 8;

    public static Command Create() => new("tokens", "Manage the bearer tokens agents use with 'serve --http' (tokens.yaml in the policy directory, by SHA-256 only).")
    {
        CreateToken(), ListTokens(), RevokeToken(),
    };

    private static Command CreateToken()
    {
        var identity = new Option<string>("--identity") { Description = "The agent this token stands for: the requester of every change made with it (policy 'requesters:' match it; it can never approve its own changes).", Required = true };
        var groups = new Option<string?>("--groups") { Description = "Comma-separated groups recorded with the identity, e.g. agents,ci." };
        var policies = CommonOptions.Policies();
        var command = new Command("create", "Create a token: prints it once on stdout, and on stderr the line to add under 'tokens:' in tokens.yaml.") { identity, groups, policies };
        command.SetAction(parse => CliAction.RunAsync(() =>
        {
            var name = Canonical("--identity", parse.GetValue(identity));
            var groupNames = (parse.GetValue(groups) ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(g => Canonical("--groups", g)).Distinct(StringComparer.Ordinal).ToList();
            var token = AgentTokenSecret.Generate();
            var file = AgentTokenFile.PathIn(CliPaths.Policies(parse.GetValue(policies)));
            Terminal.Out.Line($"{token}");
            Terminal.Error.Line($"This token is shown once; mcpgate keeps only its SHA-256. Give it to the agent as 'Authorization: Bearer TOKEN'.");
            Terminal.Error.Line($"Add this line under 'tokens:' in {file} (create the file with the line 'tokens:' first); a running 'serve --http' picks it up at its next request:");
            Terminal.Error.Line($"  - {{ identity: {name}, groups: [{string.Join(", ", groupNames)}], sha256: '{AgentTokenSecret.Hash(token)}' }}");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static Command ListTokens()
    {
        var policies = CommonOptions.Policies();
        var command = new Command("list", "List the tokens in tokens.yaml: identity, groups and the hash prefix that names each (the tokens themselves are not stored).") { policies };
        command.SetAction(parse => CliAction.RunAsync(() =>
        {
            var file = AgentTokenFile.Load(AgentTokenFile.PathIn(CliPaths.Policies(parse.GetValue(policies))));
            foreach (var entry in file.Entries)
            {
                Terminal.Out.Line($"{entry.Token.HashPrefix}  {entry.Token.Identity}  [{string.Join(", ", entry.Token.Groups)}]");
            }

            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static Command RevokeToken()
    {
        var hash = new Option<string?>("--hash") { Description = $"The token whose SHA-256 starts with these hex characters (at least {MinimumPrefix}; 'tokens list' shows them)." };
        var identity = new Option<string?>("--identity") { Description = "Every token of this identity." };
        var policies = CommonOptions.Policies();
        var command = new Command("revoke", "Remove tokens from tokens.yaml (by hash prefix or identity); a running 'serve --http' refuses them from its next request, no restart needed.") { hash, identity, policies };
        command.SetAction(parse => CliAction.RunAsync(() =>
        {
            var prefix = parse.GetValue(hash);
            var name = parse.GetValue(identity);
            if ((prefix is null) == (name is null))
            {
                throw new CliInputException("choose what to revoke: exactly one of --hash PREFIX or --identity NAME");
            }

            var path = AgentTokenFile.PathIn(CliPaths.Policies(parse.GetValue(policies)));
            var text = File.ReadAllText(path);
            var file = AgentTokenFile.Parse(path, text);
            var selected = prefix is not null ? ByPrefix(file, prefix) : ByIdentity(file, Canonical("--identity", name));
            AgentTokenRevocation.Remove(path, text, selected);
            foreach (var entry in selected)
            {
                Terminal.Out.Line($"Revoked {entry.Token.HashPrefix} ({entry.Token.Identity}), removed from {path}.");
            }

            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static List<AgentTokenEntry> ByPrefix(AgentTokenFile file, string prefix)
    {
        var lower = prefix.ToLowerInvariant();
        if (lower.Length is < MinimumPrefix or > 64 || !lower.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new CliInputException($"--hash {Identities.Show(prefix)}: must be {MinimumPrefix} to 64 hex characters of the token's SHA-256 ('mcpgate tokens list' shows them)");
        }

        var matches = file.Entries.Where(e => e.Token.Sha256.StartsWith(lower, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            0 => throw new CliInputException($"--hash {lower}: no token's SHA-256 starts with it; nothing was revoked"),
            1 => matches,
            _ => throw new CliInputException($"--hash {lower}: {matches.Count} tokens match ({string.Join(", ", matches.Select(m => $"{m.Token.HashPrefix} {m.Token.Identity}"))}); give more characters. Nothing was revoked"),
        };
    }

    private static List<AgentTokenEntry> ByIdentity(AgentTokenFile file, string identity)
    {
        var matches = file.Entries.Where(e => e.Token.Identity == identity).ToList();
        return matches.Count > 0 ? matches : throw new CliInputException($"--identity {identity}: no token stands for it; nothing was revoked");
    }

    private static string Canonical(string option, string? name) =>
        Identities.TryCanonicalize(name, out var canonical)
            ? canonical
            : throw new CliInputException($"{option} {Identities.Show(name)}: {Identities.Rule}");
}
