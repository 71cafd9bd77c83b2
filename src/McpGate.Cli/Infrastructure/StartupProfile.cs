using System.Reflection;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace McpGate.Cli.Infrastructure;

/// <summary>
/// Multi-core JIT for <c>serve</c>: the runtime records which methods a start compiles (those ReadyToRun code does
/// not cover: generic instantiations, code it rejected) in a profile, and at the next start compiles them on another
/// core before the main thread asks for them. The profile lives in the user's cache folder
/// (<c>$XDG_CACHE_HOME/mcpgate</c>, else <c>~/.cache/mcpgate</c>), one per version. It holds method names only. When the
/// folder cannot be made, the start goes on without it; <c>MCPGATE_JIT_PROFILE=0</c> turns it off.
/// </summary>
internal static class StartupProfile
{
    public static void Start(string command)
    {
        // A NativeAOT build compiles nothing at run time: no profile to keep.
        if (!RuntimeFeature.IsDynamicCodeCompiled || Environment.GetEnvironmentVariable("MCPGATE_JIT_PROFILE") == "0" || Folder() is not { } folder)
        {
            return;
        }

        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var version = typeof(StartupProfile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
            var safe = new string([.. version.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_')]);
            ProfileOptimization.SetProfileRoot(folder);
            ProfileOptimization.StartProfile($"{command}-{safe}.jitprofile");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // Only a faster start is lost.
        }
    }

    private static string? Folder()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(cache) && Path.IsPathFullyQualified(cache))
        {
            return Path.Combine(cache, "mcpgate");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache", "mcpgate");
    }
}
