using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Ledger;
using McpGate.Core.Storage;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpGate.EndToEnd.Tests.Browser;

/// <summary>
/// The approval page in a real headless chromium: an agent proposes over MCP, an approver opens
/// the page the gate's approval listener serves, loads a key file into the browser, and decides.
/// The browser signs; the gate verifies with the code the CLI's decisions go through, executes,
/// and the sandbox cluster changes (or, when refused, does not).
/// </summary>
public sealed class ApprovalPageBrowserTests(ApprovalPageBrowser browser) : IClassFixture<ApprovalPageBrowser>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    /// <summary>Expectations poll until they hold; this is their deadline on a loaded machine.</summary>
    private const float ExpectTimeout = 60_000;

    private ApprovalsApiEndToEndTests.Gate Gate => browser.Gate;

    [ChromiumFact]
    public async Task Approve_InTheBrowser_ExecutesAndTheSandboxScales()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var changeId = await ProposeAsync("web", 4, "more capacity for the sale", timeout.Token);
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 1100 } });
        var (page, errors) = await OpenAsync(context, changeId);

        await Expect(page.Locator("#change-summary")).ToContainTextAsync("demo/web", new() { Timeout = ExpectTimeout });
        await Expect(page.Locator("#change-quorum")).ToHaveTextAsync("0 of 1 approvals, needs one more from group sre", new() { Timeout = ExpectTimeout });
        await Expect(page.Locator("#change-diff tbody tr")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("#change-diff tbody")).ToContainTextAsync("4");
        await Expect(page.Locator("#change-checks tbody tr")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("#change-score")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9]+$"));
        await Expect(page.Locator("#change-policy")).ToContainTextAsync("demo-scaling");
        await Expect(page.Locator("#change-proof")).ToContainTextAsync("Signature verified by the gate");
        await Expect(page.Locator("#key-notice")).ToContainTextAsync("Your private key never leaves this page.");

        await LoadKeyAsync(page, Gate.AliceKey);
        await Expect(page.Locator("#key-status")).ToContainTextAsync("approver alice", new() { Timeout = ExpectTimeout });
        await ScreenshotAsync(page);
        await page.Locator("#decision-text").FillAsync("checked the diff in the browser");
        await page.Locator("#approve").ClickAsync();

        await Expect(page.Locator("#decision-result")).ToContainTextAsync($"Recorded alice's approval of {changeId}", new() { Timeout = ExpectTimeout });
        await Expect(page.Locator("#decision-result")).ToContainTextAsync("1 of 1 approvals, quorum met");
        var final = await Gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, cancellationToken: timeout.Token);
        final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
        (await ReplicasAsync("web", timeout.Token)).Should().Be(4);
        // Live updates: the open change follows the ledger to its final state without a reload.
        await Expect(page.Locator("#change")).ToHaveAttributeAsync("data-state", "verified", new() { Timeout = ExpectTimeout });
        await Expect(page.Locator($"#changes li[data-change-id='{changeId}']")).ToHaveCountAsync(0, new() { Timeout = ExpectTimeout });
        await AssertSignedAsTheCliSignsAsync(changeId, Gate.AliceKey);
        errors.Should().BeEmpty("the page threw no error");
    }

    [ChromiumFact]
    public async Task Comment_InTheBrowser_IsSignedThere_ShownQuoted_AndDecidesNothing()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var changeId = await ProposeAsync("api", 7, "a comment from the page", timeout.Token);
        var before = await ReplicasAsync("api", timeout.Token);
        await using var context = await browser.Browser.NewContextAsync();
        var (page, errors) = await OpenAsync(context, changeId);
        await Expect(page.Locator("#change-comments")).ToHaveTextAsync("No comments.", new() { Timeout = ExpectTimeout });
        await LoadKeyAsync(page, Gate.BobKey);
        await Expect(page.Locator("#key-status")).ToContainTextAsync("approver bob", new() { Timeout = ExpectTimeout });

        await page.Locator("#comment-text").FillAsync("why 7? <b>the dashboard</b> says 3 is enough");
        await page.Locator("#comment").ClickAsync();

        await Expect(page.Locator("#comment-result")).ToContainTextAsync($"Recorded bob's comment on {changeId} (comment 1); it decides nothing.", new() { Timeout = ExpectTimeout });
        await Expect(page.Locator("#change-comments li")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^bob commented at .+: \"why 7\\? <b>the dashboard</b> says 3 is enough\"$"), new() { Timeout = ExpectTimeout });
        (await page.Locator("#change-comments b").CountAsync()).Should().Be(0, "a comment is shown as text, never as markup");
        await Expect(page.Locator("#change-quorum")).ToHaveTextAsync("0 of 1 approvals, needs one more from group sre");
        (await SubmittedAsync(changeId)).Should().BeEmpty("a comment is no decision");
        var change = await Gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: timeout.Token);
        change.GetProperty("status").GetString().Should().Be("pending_approval");
        change.GetProperty("comments")[0].GetProperty("text").GetString().Should().Be("why 7? <b>the dashboard</b> says 3 is enough");
        (await ReplicasAsync("api", timeout.Token)).Should().Be(before);
        errors.Should().BeEmpty("the page threw no error");
    }

    [ChromiumFact]
    public async Task Deny_NeedsAReason_ThenRejectsAndTheClusterIsUnchanged()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var changeId = await ProposeAsync("api", 5, "scale api for the batch", timeout.Token);
        var before = await ReplicasAsync("api", timeout.Token);
        await using var context = await browser.Browser.NewContextAsync();
        var (page, errors) = await OpenAsync(context, changeId);
        await LoadKeyAsync(page, Gate.BobKey);
        await Expect(page.Locator("#key-status")).ToContainTextAsync("approver bob", new() { Timeout = ExpectTimeout });

        await page.Locator("#deny").ClickAsync();

        await Expect(page.Locator("#decision-result")).ToContainTextAsync("Give a reason to deny");
        await Expect(page.Locator("#change-quorum")).ToHaveTextAsync("0 of 1 approvals, needs one more from group sre");
        (await SubmittedAsync(changeId)).Should().BeEmpty("a denial without a reason is refused in the page and never sent");

        await page.Locator("#decision-text").FillAsync("not during the sale");
        await page.Locator("#deny").ClickAsync();

        await Expect(page.Locator("#decision-result")).ToContainTextAsync($"Recorded bob's denial of {changeId}", new() { Timeout = ExpectTimeout });
        var final = await Gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 60 }, cancellationToken: timeout.Token);
        final.GetProperty("status").GetString().Should().Be("rejected", final.ToString());
        await Expect(page.Locator("#change")).ToHaveAttributeAsync("data-state", "rejected", new() { Timeout = ExpectTimeout });
        (await ReplicasAsync("api", timeout.Token)).Should().Be(before);
        var denial = JsonNode.Parse(DsseEnvelope.Parse((await SubmittedAsync(changeId)).Should().ContainSingle().Subject).Payload)!["predicate"]!;
        denial["decision"]!.GetValue<string>().Should().Be("reject");
        denial["comment"]!.GetValue<string>().Should().Be("not during the sale");
        errors.Should().BeEmpty("the page threw no error");
    }

    [ChromiumFact]
    public async Task WrongKeys_AreRefused_AndNothingIsCounted()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var changeId = await ProposeAsync("api", 6, "scale api again", timeout.Token);
        var before = await ReplicasAsync("api", timeout.Token);
        await using var context = await browser.Browser.NewContextAsync();
        var (page, errors) = await OpenAsync(context, changeId);

        await LoadKeyAsync(page, Gate.OutsiderKey);
        await Expect(page.Locator("#key-status")).ToContainTextAsync("not an approver in this gate's policy", new() { Timeout = ExpectTimeout });
        await page.Locator("#approve").ClickAsync();
        await Expect(page.Locator("#decision-result")).ToContainTextAsync("Refused here (rule signature)");

        // The agent's own key is an approver's, but the gate refuses the requester's approval.
        await LoadKeyAsync(page, Gate.AgentKey);
        await Expect(page.Locator("#key-status")).ToContainTextAsync($"approver {ApprovalsApiEndToEndTests.Gate.Agent}", new() { Timeout = ExpectTimeout });
        await page.Locator("#approve").ClickAsync();
        await Expect(page.Locator("#decision-result")).ToContainTextAsync("refused (403, rule requester)", new() { Timeout = ExpectTimeout });
        await Expect(page.Locator("#decision-result")).ToContainTextAsync($"{ApprovalsApiEndToEndTests.Gate.Agent} requested this change");

        await LoadKeyFileTextAsync(page, "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n");
        await Expect(page.Locator("#key-status")).ToContainTextAsync("this is a public key, which cannot sign");

        (await SubmittedAsync(changeId)).Should().BeEmpty();
        var change = await Gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: timeout.Token);
        change.GetProperty("status").GetString().Should().Be("pending_approval");
        (await ReplicasAsync("api", timeout.Token)).Should().Be(before);
        errors.Should().BeEmpty("the page threw no error");
    }

    [ChromiumFact]
    public async Task AgentText_WithMarkup_IsShownAsText()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        const string Attack = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script><b>bold</b>";
        var changeId = await ProposeAsync("web", 7, Attack, timeout.Token);
        await using var context = await browser.Browser.NewContextAsync();
        var (page, errors) = await OpenAsync(context, changeId);

        var reason = page.Locator("#change-facts dd[data-fact='Reason']");
        await Expect(reason).ToHaveTextAsync(Attack, new() { Timeout = ExpectTimeout });

        (await page.Locator("#change img, #change script, #change b, #changes img").CountAsync()).Should().Be(0, "agent text is never parsed as HTML");
        (await page.TitleAsync()).Should().Be("McpGate approvals");
        errors.Should().BeEmpty("the page threw no error");
    }

    private async Task<(IPage Page, List<string> Errors)> OpenAsync(IBrowserContext context, string changeId)
    {
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(Gate.ApiUrl.AbsoluteUri, new() { Timeout = ExpectTimeout });
        var item = page.Locator($"#changes li[data-change-id='{changeId}'] button");
        await Expect(item).ToBeVisibleAsync(new() { Timeout = ExpectTimeout });
        await item.ClickAsync();
        await Expect(page.Locator("#change")).ToHaveAttributeAsync("data-change-id", changeId, new() { Timeout = ExpectTimeout });
        return (page, errors);
    }

    private static Task LoadKeyAsync(IPage page, string keyFile) => page.Locator("#key-file").SetInputFilesAsync(keyFile);

    private static Task LoadKeyFileTextAsync(IPage page, string text) => page.Locator("#key-file").SetInputFilesAsync(new FilePayload
    {
        Name = "some.pem",
        MimeType = "text/plain",
        Buffer = System.Text.Encoding.ASCII.GetBytes(text),
    });

    /// <summary>A screenshot of a pending change for the docs: written to docs/ when MCPGATE_UPDATE_SCREENSHOT=1, beside the test otherwise.</summary>
    private static async Task ScreenshotAsync(IPage page)
    {
        var path = Environment.GetEnvironmentVariable("MCPGATE_UPDATE_SCREENSHOT") == "1"
            ? Path.Combine(RepoPaths.Root, "docs", "approval-page.png")
            : Path.Combine(AppContext.BaseDirectory, "approval-page.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
    }

    /// <summary>
    /// The envelope the browser posted is the one the CLI's <see cref="ApprovalSigner"/> signs for the
    /// same decision, byte for byte (Ed25519 is deterministic): same statement, canonical JSON, PAE and keyid.
    /// </summary>
    private async Task AssertSignedAsTheCliSignsAsync(string changeId, string keyFile)
    {
        var stored = (await SubmittedAsync(changeId)).Should().ContainSingle().Subject;
        var predicate = JsonNode.Parse(DsseEnvelope.Parse(stored).Payload)!["predicate"]!;
        using var key = KeyFile.ReadPrivateKey(keyFile);
        var expected = ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = changeId,
            ProofDigest = (await Gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId })).GetProperty("proofDigest").GetString()!,
            Decision = predicate["decision"]!.GetValue<string>(),
            Approver = predicate["approver"]!.GetValue<string>(),
            Comment = predicate["comment"]?.GetValue<string>(),
            SignedAt = DateTimeOffset.Parse(predicate["signedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
        }, key).ToJson();
        stored.Should().Be(expected);
    }

    private async Task<IReadOnlyList<string>> SubmittedAsync(string changeId)
    {
        using var ledger = ChangeLedger.Open(DataDirectory.Resolve(Gate.DataDir).LedgerPath, TimeProvider.System);
        return await SubmittedApprovals.ReadAsync(ledger, changeId);
    }

    private async Task<int> ReplicasAsync(string name, CancellationToken cancellationToken) =>
        (await Gate.Client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = name }, cancellationToken: cancellationToken)).GetProperty("replicas").GetInt32();

    private async Task<string> ProposeAsync(string name, int replicas, string reason, CancellationToken cancellationToken)
    {
        var proposal = await Gate.Client.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = name,
            ["replicas"] = replicas,
            ["reason"] = reason,
        }, cancellationToken: cancellationToken);
        return proposal.GetProperty("changeId").GetString()!;
    }
}
