namespace McpGate.Core.Storage;

/// <summary>
/// Where McpGate keeps its state: the ledger and the gate's signing key. Shared by the server
/// and the CLI on one host. Resolution: explicit path, else <c>$MCPGATE_HOME</c>, else
/// <c>$XDG_DATA_HOME/mcpgate</c>, else <c>~/.local/share/mcpgate</c>.
/// </summary>
public sealed record DataDirectory
{
    public const string HomeVariable = "MCPGATE_HOME";

    private DataDirectory(string path) => Path = path;

    public string Path { get; }

    public string LedgerPath => System.IO.Path.Combine(Path, "ledger.db");

    public string GateKeyPath => System.IO.Path.Combine(Path, "gate-key.pem");

    public string GatePublicKeyPath => System.IO.Path.Combine(Path, "gate-key.pub.pem");

    public static DataDirectory Resolve(string? explicitPath, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var path = explicitPath;
        if (string.IsNullOrWhiteSpace(path))
        {
            path = environment(HomeVariable);
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            var xdg = environment("XDG_DATA_HOME");
            if (string.IsNullOrWhiteSpace(xdg))
            {
                var home = environment("HOME");
                xdg = string.IsNullOrWhiteSpace(home)
                    ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                    : System.IO.Path.Combine(home, ".local", "share");
            }

            path = System.IO.Path.Combine(xdg, "mcpgate");
        }

        return new DataDirectory(System.IO.Path.GetFullPath(path));
    }

    /// <summary>Creates the folder (mode 0700 on Unix: it holds the gate's private key).</summary>
    /// <summary>
    /// <paramref name="text"/> (a cluster id or context name) as part of a file name in the data
    /// directory: ASCII letters, digits, '-', '_' and '.' kept, anything else '_'.
    /// </summary>
    public static string FileNamePart(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new string([.. text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
    }

    public DataDirectory EnsureExists()
    {
        if (!Directory.Exists(Path))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(Path);
            }
            else
            {
                Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        return this;
    }
}
