using System.Text.Json;
using McpGate.Core.Manifests;
using McpGate.Testing.Files;

namespace McpGate.Core.Tests.Manifests;

/// <summary>
/// Every string parameter of every shipped manifest refuses control, format and invisible
/// characters. Driven from tool-manifests/*.yaml, so a new manifest is covered by being added.
/// </summary>
public sealed class ShippedStringParameterTests
{
    private static readonly ManifestSet s_shipped = ManifestLoader.LoadDirectory(RepoPaths.Manifests);

    /// <summary>Name, character and where it goes in an otherwise valid value.</summary>
    private static readonly (string Name, string Text, Placement Where)[] s_taints =
    [
        ("newline at the end", "\n", Placement.End),
        ("newline at the start", "\n", Placement.Start),
        ("newline inside", "\n", Placement.Middle),
        ("carriage return", "\r", Placement.End),
        ("CRLF", "\r\n", Placement.End),
        ("NUL at the end", "\0", Placement.End),
        ("NUL inside", "\0", Placement.Middle),
        ("tab", "\t", Placement.Middle),
        ("escape sequence", "\u001b[31m", Placement.End),
        ("next line U+0085", "\u0085", Placement.End),
        ("line separator U+2028", "\u2028", Placement.End),
        ("paragraph separator U+2029", "\u2029", Placement.End),
        ("zero-width space", "\u200B", Placement.Middle),
        ("zero-width joiner", "\u200D", Placement.Middle),
        ("bidi override", "\u202E", Placement.Start),
        ("bidi isolate", "\u2066", Placement.Middle),
        ("byte order mark", "\uFEFF", Placement.Start),
        ("Hangul filler U+3164", "\u3164", Placement.End),
        ("Braille blank U+2800", "\u2800", Placement.End),
        ("no-break space", "\u00A0", Placement.Middle),
        ("lone surrogate", "\uD800", Placement.End),
        ("tag character", "\U000E0041", Placement.End),
    ];

    private enum Placement
    {
        Start,
        Middle,
        End,
    }

    public static TheoryData<string, string, string> TaintedStringParameters()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var tool in s_shipped.Tools)
        {
            foreach (var parameter in tool.Parameters.Where(p => p.Type == ParameterType.String))
            {
                // A body parameter (YAML or JSON) may span lines; everything else stays forbidden.
                foreach (var taint in s_taints.Where(t => !(parameter.Multiline && t.Text.All(c => c is '\n' or '\r' or '\t'))))
                {
                    data.Add(tool.Name, parameter.Name, taint.Name);
                }
            }
        }

        return data;
    }

    public static TheoryData<string> ShippedTools()
    {
        var data = new TheoryData<string>();
        foreach (var tool in s_shipped.Tools)
        {
            data.Add(tool.Name);
        }

        return data;
    }

    [Fact]
    public void ShippedManifests_HaveStringParameters()
    {
        TaintedStringParameters().Should().HaveCountGreaterThan(s_taints.Length, "the table must not be empty by accident");
    }

    [Theory]
    [MemberData(nameof(ShippedTools))]
    public void Bind_CleanValues_AreAccepted(string tool)
    {
        var manifest = s_shipped.Find(tool)!;

        var bound = ArgumentBinder.Bind(manifest, Arguments(manifest, null, null));

        bound.Values.Should().NotBeNull();
    }

    [Theory]
    [MemberData(nameof(TaintedStringParameters))]
    public void Bind_StringParameterWithForbiddenCharacter_IsRefusedNamingTheParameterAndRule(string tool, string parameter, string taint)
    {
        var manifest = s_shipped.Find(tool)!;
        var (_, text, where) = s_taints.Single(t => t.Name == taint);
        var clean = CleanValue(manifest.FindParameter(parameter)!);
        var tainted = where switch
        {
            Placement.Start => text + clean,
            Placement.Middle => clean[..1] + text + clean[1..],
            _ => clean + text,
        };

        var act = () => ArgumentBinder.Bind(manifest, Arguments(manifest, parameter, tainted));

        var errors = act.Should().Throw<ArgumentValidationException>().Which.Errors;
        var error = errors.Should().ContainSingle("only the tainted parameter is wrong").Which;
        var rule = manifest.FindParameter(parameter)!.Multiline ? ParameterText.MultilineRule : ParameterText.Rule;
        error.Should().StartWith($"{parameter}: {rule} (found U+");
        error.Should().NotContainAny([text], "the message shows the character escaped, never raw");
    }

    [Theory]
    [InlineData("apply_manifest", "manifest")]
    [InlineData("patch_resource", "patch")]
    public void Bind_BodyParameterWithLineBreaksAndTabs_IsAccepted(string tool, string parameter)
    {
        var manifest = s_shipped.Find(tool)!;
        manifest.Parameters.Where(p => p.Multiline).Select(p => p.Name).Should().Equal([parameter], "only the operation's body may span lines");

        var bound = ArgumentBinder.Bind(manifest, Arguments(manifest, parameter, "a:\r\n\tb: 1\n"));

        bound.GetString(parameter).Should().Be("a:\r\n\tb: 1\n");
    }

    /// <summary>
    /// The arguments as an MCP client sends them: JSON text, with the tainted value written as
    /// \uXXXX escapes by hand (a serializer would replace a lone surrogate before the gate sees it).
    /// </summary>
    private static Dictionary<string, JsonElement> Arguments(ToolManifest manifest, string? taintedName, string? taintedValue)
    {
        const string Marker = "TAINTED-VALUE";
        var values = new Dictionary<string, object?>();
        foreach (var parameter in manifest.Parameters.Where(p => p.Required || p.Name == taintedName))
        {
            values[parameter.Name] = parameter.Name == taintedName ? Marker : parameter.Type switch
            {
                ParameterType.String => CleanValue(parameter),
                ParameterType.Integer => (long)(parameter.Minimum ?? 1),
                ParameterType.Number => parameter.Minimum ?? 1.0,
                ParameterType.Map => new Dictionary<string, string?> { ["key"] = "value" },
                _ => false,
            };
        }

        var escaped = string.Concat((taintedValue ?? string.Empty).Select(c => $"\\u{(int)c:x4}"));
        var json = JsonSerializer.Serialize(values).Replace(Marker, escaped, StringComparison.Ordinal);
        return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
    }

    /// <summary>A value the parameter accepts: its first enum value, its default, or a Kubernetes-style name.</summary>
    private static string CleanValue(ParameterSpec parameter) =>
        parameter.Enum?.OfType<string>().FirstOrDefault() ?? parameter.Default as string ?? "demo";
}
