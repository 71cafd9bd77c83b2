namespace McpGate.Sandbox.Controllers;

/// <summary>
/// Decides an image's fate from its reference, so failures can be staged on purpose: the tag
/// <c>crashloop</c> crash-loops; the registry host <c>invalid.example</c> or a name containing
/// <c>doesnotexist</c> cannot be pulled. Everything else runs.
/// </summary>
internal static class ImageProfile
{
    public const string CrashLoopTag = "crashloop";
    public const string UnresolvableHost = "invalid.example";
    public const string MissingNameMarker = "doesnotexist";

    public static ImageOutcome Classify(string? image)
    {
        if (string.IsNullOrEmpty(image))
        {
            return ImageOutcome.Runs;
        }

        var (repository, tag) = Split(image);
        var host = repository.Contains('/', StringComparison.Ordinal) ? repository[..repository.IndexOf('/', StringComparison.Ordinal)] : string.Empty;
        if (string.Equals(host.Split(':')[0], UnresolvableHost, StringComparison.OrdinalIgnoreCase)
            || repository.Contains(MissingNameMarker, StringComparison.OrdinalIgnoreCase))
        {
            return ImageOutcome.PullFails;
        }

        return string.Equals(tag, CrashLoopTag, StringComparison.Ordinal) ? ImageOutcome.CrashLoops : ImageOutcome.Runs;
    }

    /// <summary>The registry host an image is pulled from (docker.io when none is named).</summary>
    public static string Registry(string image)
    {
        var (repository, _) = Split(image);
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var first = repository[..slash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            {
                return first;
            }
        }

        return "registry-1.docker.io";
    }

    private static (string Repository, string? Tag) Split(string image)
    {
        var withoutDigest = image.Split('@', 2)[0];
        var lastSlash = withoutDigest.LastIndexOf('/');
        var colon = withoutDigest.LastIndexOf(':');
        return colon > lastSlash ? (withoutDigest[..colon], withoutDigest[(colon + 1)..]) : (withoutDigest, null);
    }
}
