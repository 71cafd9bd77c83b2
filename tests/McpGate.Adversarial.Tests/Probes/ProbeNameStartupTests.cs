using McpGate.Server.Hosting;
using McpGate.Testing.Files;

namespace McpGate.Adversarial.Tests.Probes;

/// <summary>
/// A manifest cannot smuggle in a verification nobody registered: look-alike, re-cased, padded,
/// typed or empty spellings of a probe name all stop the gate's configuration check, naming the
/// file and position; a YAML escape that decodes to the exact name is that name.
/// </summary>
public sealed class ProbeNameStartupTests : IDisposable
{
    private readonly TempDirectory _temp = new("mcpgate-probe-names-adv-");

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string> Refused => new()
    {
        { "Cyrillic o", "rollout_c\u043emplete" },
        { "Greek omicron, escaped", "\"rollout_c\\u03bfmplete\"" },
        { "zero-width space", "\"rollout_complete\\u200b\"" },
        { "fullwidth underscore", "rollout\uff3fcomplete" },
        { "upper case", "ROLLOUT_COMPLETE" },
        { "title case", "Rollout_complete" },
        { "hyphen", "rollout-complete" },
        { "trailing space, quoted", "'rollout_complete '" },
        { "tab inside", "\"rollout\\tcomplete\"" },
        { "a known name with a suffix", "rollout_complete_or_not" },
        { "a prefix of a known name", "rollout" },
        { "65 characters", "r" + new string('x', 64) },
        { "null", "~" },
        { "number", "42" },
        { "list", "[rollout_complete]" },
        { "map", "{ name: rollout_complete }" },
        { "empty", "''" },
        { "binary tag", "!!binary cm9sbG91dF9jb21wbGV0ZQ==" },
    };

    /// <summary>The line of <c>verify.expect</c> in the shipped manifest (found, not pinned).</summary>
    private static string ExpectLine => RepoPaths.ManifestLocation("scale_deployment.yaml", "  expect: ").Split(':')[1];

    [Theory]
    [MemberData(nameof(Refused))]
    public void LoadConfiguration_ExpectationThatIsNotARegisteredName_Refused(string variant, string expect)
    {
        var manifests = WriteManifests(expect);

        var act = () => GateRuntime.LoadConfiguration(manifests, _temp.CopyPolicies());

        act.Should().Throw<GateStartupException>(variant)
            .Which.Message.Should().MatchRegex($@"scale_deployment\.yaml:{ExpectLine}:\d+: verify\.expect: ", variant);
    }

    [Theory]
    [InlineData("\"\\u0072ollout_complete\"")]
    [InlineData("'rollout_complete'")]
    [InlineData("!!str rollout_complete")]
    public void LoadConfiguration_EncodingThatDecodesToTheExactName_IsThatName(string expect)
    {
        var manifests = WriteManifests(expect);

        var (set, _) = GateRuntime.LoadConfiguration(manifests, _temp.CopyPolicies());

        set.Find("scale_deployment")!.Verify!.Expect.Should().Be("rollout_complete");
    }

    private string WriteManifests(string expect)
    {
        var folder = Directory.CreateDirectory(_temp.Combine($"m-{Guid.NewGuid():N}")).FullName;
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Manifests, "*.yaml"))
        {
            var text = File.ReadAllText(file);
            if (Path.GetFileName(file) == "scale_deployment.yaml")
            {
                text.Should().Contain("\n  expect: rollout_complete\n");
                text = text.Replace("\n  expect: rollout_complete\n", $"\n  expect: {expect}\n", StringComparison.Ordinal);
            }

            File.WriteAllText(Path.Combine(folder, Path.GetFileName(file)), text);
        }

        return folder;
    }
}
