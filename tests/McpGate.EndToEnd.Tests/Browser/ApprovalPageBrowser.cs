using Microsoft.Playwright;

namespace McpGate.EndToEnd.Tests.Browser;

/// <summary>
/// A real gate (<c>mcpgate serve --sandbox --approvals-listen 127.0.0.1:0</c>, an agent on MCP
/// stdio, approvers alice and bob in group sre, the agent itself an approver, and an outsider key)
/// and a headless Debian chromium driven by Playwright. Playwright never downloads a browser here.
/// </summary>
public sealed class ApprovalPageBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public ApprovalsApiEndToEndTests.Gate Gate { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.ExecutablePath) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return; // The tests skip themselves and say why.
        }

        await Gate.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            Timeout = 120_000,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Gate.DisposeAsync();
    }
}
