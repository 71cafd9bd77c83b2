using McpGate.Core.Text;

namespace McpGate.Cli.Infrastructure;

/// <summary>
/// Free text shown as someone's words: attributed and quoted (<c>bob's reason: "..."</c>), so
/// that text such as "APPROVED by alice" or "state: verified" never reads as the gate's verdict.
/// </summary>
internal static class Attributed
{
    public static string Say(string? author, string what, string? text) =>
        $"{UntrustedText.Escape(string.IsNullOrEmpty(author) ? "unknown" : author)}'s {what}: {UntrustedText.Quote(text)}";

    /// <summary>Text the gate recorded that may carry others' words (cluster errors, rejection reasons).</summary>
    public static string Recorded(string? text) => $"as recorded: {UntrustedText.Quote(text)}";

    /// <summary>An approver's comment: <c>alice commented: "..."</c>, escaped and quoted.</summary>
    public static string Commented(string? author, string? text) =>
        $"{UntrustedText.Escape(string.IsNullOrEmpty(author) ? "unknown" : author)} commented: {UntrustedText.Quote(text)}";
}
