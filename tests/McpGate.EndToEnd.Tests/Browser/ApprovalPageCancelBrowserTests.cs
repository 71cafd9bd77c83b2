using McpGate.Core.Ledger;
using McpGate.Core.Storage;
using McpGate.Testing.Mcp;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpGate.EndToEnd.Tests.Browser;

/// <summary>
/// The approval page's Cancel button in a real headless chromium: the browser signs a cancel with
/// the approver's key and posts it to the approval API; the change is cancelled and never runs.
/// </summary>
public sealed class ApprovalPageCancelBrowserTests(ApprovalPageBrowser browser) : IClassFixture<ApprovalPageBrowser>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    /// <summary>Expectations poll until they hold; this is their deadline on a loaded machine.</summary>
    private const float ExpectTimeout = 60_000;

    private ApprovalsApiEndToEndTests.Gate Gate => browser.Gate;

    [ChromiumFact]
    public async Task Cancel_NeedsAReason_ThenCancelsAndTheClusterIsUnchanged()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var before = await ReplicasAsync(timeout.Token);
        var proposal = await Gate.Client.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = "api",
            ["replicas"] = 9,
            ["reason"] = "scale api for the batch",
        }, cancellationToken: timeout.Token);
        var changeId = proposal.GetProperty("changeId").GetString()!;
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(Gate.ApiUrl.AbsoluteUri, new() { Timeout = ExpectTimeout });
        var item = page.Locator($"#changes li[data-change-id='{changeId}'] button");
        await Expect(item).ToBeVisibleAsync(new() { Timeout = ExpectTimeout });
        await item.ClickAsync();
        await Expect(page.Locator("#change")).ToHaveAttributeAsync("data-change-id", changeId, new() { Timeout = ExpectTimeout });
        await page.Locator("#key-file").SetInputFilesAsync(Gate.BobKey);
        await Expect(page.Locator("#key-status")).ToContainTextAsync("approver bob", new() { Timeout = ExpectTimeout });
        await Expect(page.Locator("#cancel")).ToBeEnabledAsync();

        await page.Locator("#cancel").ClickAsync();

        await Expect(page.Locator("#decision-result")).ToContainTextAsync("Give a reason to cancel");
        (await CancelledEntriesAsync(changeId)).Should().Be(0, "a cancel without a reason is refused in the page and never sent");

        await page.Locator("#decision-text").FillAsync("the batch moved to tomorrow");
        await page.Locator("#cancel").ClickAsync();

        await Expect(page.Locator("#decision-result")).ToContainTextAsync($"Cancelled {changeId} as bob", new() { Timeout = ExpectTimeout });
        await Expect(page.Locator("#change")).ToHaveAttributeAsync("data-state", "cancelled", new() { Timeout = ExpectTimeout });
        await Expect(page.Locator("#cancel")).ToBeDisabledAsync();
        var change = await Gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: timeout.Token);
        change.GetProperty("status").GetString().Should().Be("cancelled", change.ToString());
        change.GetProperty("outcome").GetString().Should().Be("cancelled by bob before execution: the batch moved to tomorrow; nothing was changed");
        (await CancelledEntriesAsync(changeId)).Should().Be(1);
        (await ReplicasAsync(timeout.Token)).Should().Be(before);
        errors.Should().BeEmpty("the page threw no error");
    }

    private async Task<int> CancelledEntriesAsync(string changeId)
    {
        using var ledger = ChangeLedger.Open(DataDirectory.Resolve(Gate.DataDir).LedgerPath, TimeProvider.System);
        return (await ledger.ReadEntriesAsync(0, changeId)).Count(e => e.EventType == "cancelled");
    }

    private async Task<int> ReplicasAsync(CancellationToken cancellationToken) =>
        (await Gate.Client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "api" }, cancellationToken: cancellationToken)).GetProperty("replicas").GetInt32();
}
