namespace McpGate.EndToEnd.Tests.Browser;

/// <summary>
/// A test that drives Debian's chromium. Skipped, saying why, only on a developer machine without
/// it; under CI (<c>CI=true</c>, where <c>.ci/run</c> installs chromium) it always runs, and fails
/// if the browser is missing.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ExecutablePath) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"{ExecutablePath} is not installed: run 'apt-get install -y chromium' (.ci/run does) to test the approval page in a real browser";
        }
    }
}
