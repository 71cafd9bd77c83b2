using McpGate.Core.Text;

namespace McpGate.Server.Notifications;

/// <summary>
/// Text from agents and approvers made inert for Slack's mrkdwn (and Teams' text): <c>&amp;</c>, <c>&lt;</c>
/// and <c>&gt;</c> are written as entities, so no one can inject a link (<c>&lt;https://x|click&gt;</c>), a
/// mention (<c>&lt;!channel&gt;</c>, <c>&lt;@U123&gt;</c>) or a date token; control and invisible characters
/// are shown escaped as on a terminal (<see cref="UntrustedText"/>).
/// </summary>
internal static class SlackText
{
    public static string Escape(string? text) =>
        UntrustedText.Escape(text)
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Inside <c>`code`</c>: escaped, and a backtick cannot close the span early.</summary>
    public static string Code(string? text) => "`" + Escape(text).Replace('`', '\'') + "`";
}
