using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using ModelContextProtocol.Client;

namespace McpGate.EndToEnd.Tests;

/// <summary><c>serve</c> keeps a multi-core JIT profile in the user's cache folder; it can be turned off, and a folder it cannot use costs nothing.</summary>
public sealed class StartupProfileTests : IDisposable
{
    private readonly TempDirectory _temp = new("mcpgate-jitprofile-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Serve_WritesItsProfileIntoTheCacheFolder_OwnerOnly_AndTheNextStartServesWithIt()
    {
        var cache = _temp.Combine("cache");
        var environment = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = cache };

        await ServeOnceAsync(environment);
        var folder = Path.Combine(cache, "mcpgate");
        var profile = await WaitForProfileAsync(folder);

        File.GetUnixFileMode(folder).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Path.GetFileName(profile).Should().MatchRegex(@"^serve-[0-9A-Za-z.\-_]+\.jitprofile$");
        new FileInfo(profile).Length.Should().BePositive();

        // A second start reads the profile and writes it again; it serves as before.
        await ServeOnceAsync(environment);
        Directory.GetFiles(folder).Should().ContainSingle();
    }

    [Fact]
    public async Task Serve_ProfileTurnedOff_WritesNothing()
    {
        var cache = _temp.Combine("cache-off");

        await ServeOnceAsync(new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = cache, ["MCPGATE_JIT_PROFILE"] = "0" });

        Directory.Exists(cache).Should().BeFalse();
    }

    [Fact]
    public async Task Serve_CacheFolderThatIsAFile_StartsAndServesAnyway()
    {
        var cache = _temp.Combine("not-a-folder");
        await File.WriteAllTextAsync(cache, "a file where the cache folder would be");

        await ServeOnceAsync(new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = cache });

        (await File.ReadAllTextAsync(cache)).Should().Be("a file where the cache folder would be");
    }

    private async Task ServeOnceAsync(Dictionary<string, string?> environment)
    {
        var data = _temp.Combine("data-" + Guid.NewGuid().ToString("N")[..8]);
        await using var client = await McpGateClient.StartAsync(["--sandbox", "--data-dir", data, "--log-level", "Warning"], environment);
        (await client.ListToolsAsync()).Should().Contain(t => t.Name == "list_deployments");
        await client.CallOkAsync("list_deployments", new() { ["namespace"] = "demo" });
    }

    /// <summary>The runtime writes the profile as the process exits, after the client has let go of it.</summary>
    private static async Task<string> WaitForProfileAsync(string folder)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var found = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.jitprofile") : [];
            if (found.Length == 1 && new FileInfo(found[0]).Length > 0)
            {
                return found[0];
            }

            DateTime.UtcNow.Should().BeBefore(deadline, $"a profile in {folder} (found: {string.Join(", ", found)})");
            await Task.Delay(100);
        }
    }
}
