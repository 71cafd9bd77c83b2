using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpGate.Core.Changes;

namespace McpGate.Core.Checks;

/// <summary>
/// <c>image_pinned</c>: every image the change runs is pinned by digest (<c>@sha256:</c> and 64
/// hex digits), so what was approved is what runs. Looks at the <c>image</c> argument when the
/// tool has one (the image being set), otherwise at every container and init container of the
/// dry-run result's pod template. Warn listing the unpinned images; warn when there is no image.
/// </summary>
internal sealed partial class ImagePinnedCheck : IProofCheck
{
    public const string CheckName = "image_pinned";

    private static readonly string[] s_containerLists = ["initContainers", "containers"];

    public string Name => CheckName;

    public int Weight => 1;

    public Task<CheckRecord> RunAsync(CheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (images, source) = context.Arguments.GetString("image") is { } image
            ? ((IReadOnlyList<string>)[image], "the image argument")
            : (TemplateImages(context.DryRun), "the dry-run pod template");
        var evidence = new JsonObject { ["source"] = source, ["images"] = new JsonArray([.. images.Select(i => (JsonNode)i)]) };
        if (images.Count == 0)
        {
            return Task.FromResult(Verdict.Warn(Name, $"no container image found in {source}; cannot tell whether images are pinned", evidence));
        }

        var unpinned = images.Where(i => !IsPinned(i)).Distinct(StringComparer.Ordinal).ToList();
        return Task.FromResult(unpinned.Count == 0
            ? Verdict.Pass(Name, $"{images.Count} image(s) in {source} pinned by sha256 digest", evidence)
            : Verdict.Warn(Name, $"{unpinned.Count} of {images.Count} image(s) in {source} not pinned by digest: {Verdict.List(unpinned)}", evidence));
    }

    /// <summary>Whether an image reference ends in <c>@sha256:</c> and 64 lower-case hex digits.</summary>
    public static bool IsPinned(string image) => DigestSuffix().IsMatch(image);

    /// <summary>Images of containers and init containers, from a workload, cronjob or pod object.</summary>
    public static IReadOnlyList<string> TemplateImages(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var podSpec = obj["spec"]?["template"]?["spec"]
            ?? obj["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"]
            ?? (obj["kind"]?.ToString() == "Pod" ? obj["spec"] : null);
        return [.. s_containerLists
            .SelectMany(list => podSpec?[list] as JsonArray ?? [])
            .Select(c => Workload.Text(c?["image"]))
            .OfType<string>()];
    }

    [GeneratedRegex(@"@sha256:[0-9a-f]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DigestSuffix();
}
