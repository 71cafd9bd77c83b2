using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Proofs;

namespace McpGate.Core.Tests.Proofs;

/// <summary>
/// Reading a signed predicate through its type: each member the format requires is named when it is
/// missing or null, and a request is read only in the spelling the gate writes.
/// </summary>
public sealed class ProofPredicateReadTests : IDisposable
{
    private readonly Ed25519PrivateKey _gate = Ed25519PrivateKey.Generate();

    public static TheoryData<string> RequiredMembers => new()
    {
        "changeRequest", "changeRequest.id", "changeRequest.tool", "changeRequest.arguments", "changeRequest.requester",
        "changeRequest.reason", "changeRequest.cluster", "changeRequest.createdAt",
        "changeRequest.clusterIdentity.id", "changeRequest.clusterIdentity.server", "changeRequest.clusterIdentity.certificateSource",
        "target", "target.group", "target.version", "target.resource", "target.name",
        "observed", "observed.resourceVersion", "observed.digest",
        "patch",
        "dryRun", "dryRun.accepted", "dryRun.resultDigest", "dryRun.diff[1].path",
        "checks[2].name", "checks[2].status", "checks[2].detail",
        "releaseScore",
        "policy", "policy.allowed", "policy.rule", "policy.reason", "policy.requiredApprovals",
        "verify.expect", "verify.timeoutSeconds",
        "issuedAt", "expiresAt",
    };

    [Theory]
    [MemberData(nameof(RequiredMembers))]
    public void FromStatement_RequiredMemberMissing_IsMalformedNamingIt(string path)
    {
        var statement = Statement();
        var (parent, name) = Member(statement, path);
        parent.Remove(name).Should().BeTrue(path);

        var act = () => ProofClaims.FromStatement(statement);

        act.Should().Throw<FormatException>().WithMessage($"the proof's statement is malformed: predicate.{path} is missing");
    }

    /// <summary>Every required member but observed.resourceVersion, which is null for a create (see below).</summary>
    public static TheoryData<string> NonNullMembers
    {
        get
        {
            var members = new TheoryData<string>();
            foreach (var row in (IEnumerable<object?[]>)RequiredMembers)
            {
                if ((string)row[0]! != "observed.resourceVersion")
                {
                    members.Add((string)row[0]!);
                }
            }

            return members;
        }
    }

    [Fact]
    public void FromStatement_ObservedVersionNullWithARequest_IsACreate_WithoutOneIsMalformed()
    {
        var statement = Statement();
        statement["predicate"]!["observed"]!["resourceVersion"] = null;

        ProofClaims.FromStatement(statement).ObservedResourceVersion.Should().BeNull("the first target did not exist yet; each step's precondition is in the request");

        statement["predicate"]!.AsObject().Remove("request");
        var legacy = () => ProofClaims.FromStatement(statement);
        legacy.Should().Throw<FormatException>().WithMessage("the proof's statement is malformed: predicate.observed.resourceVersion is missing");
    }

    [Theory]
    [MemberData(nameof(NonNullMembers))]
    public void FromStatement_RequiredMemberNull_IsMalformedNamingIt(string path)
    {
        var statement = Statement();
        var (parent, name) = Member(statement, path);
        parent[name] = null;

        var act = () => ProofClaims.FromStatement(statement);

        act.Should().Throw<FormatException>().WithMessage($"the proof's statement is malformed: predicate.{path} is missing");
    }

    public static TheoryData<string, string> NullElements => new()
    {
        { "checks", "checks[1]" }, { "dryRun.diff", "dryRun.diff[1]" }, { "policy.approverGroups", "policy.approverGroups[1]" },
    };

    [Theory]
    [MemberData(nameof(NullElements))]
    public void FromStatement_ListHoldingNull_IsMalformedNamingTheElement(string list, string element)
    {
        var statement = Statement();
        var (parent, name) = Member(statement, list);
        var items = parent[name]!.AsArray();
        if (items.Count < 2)
        {
            items.Add("x");
        }

        items[1] = null;

        var act = () => ProofClaims.FromStatement(statement);

        act.Should().Throw<FormatException>().WithMessage($"the proof's statement is malformed: predicate.{element} is null");
    }

    public static TheoryData<string, JsonNode?> RequestSpellings => new()
    {
        { "steps[0].verb", "PATCH" },
        { "steps[0].verb", "Patch" },
        { "steps[0].verb", 0 },
        { "steps[0].verb", "0" },
        { "steps[0].verb", "replace" },
        { "steps[0].verb", null },
        { "steps[0].patchType", "StrategicMerge" },
        { "steps[0].patchType", "strategicmerge" },
        { "steps[0].patchType", 2 },
        { "steps[2].propagation", "FOREGROUND" },
        { "steps[2].propagation", 1 },
        { "inverse[1].verb", "Delete" },
        { "steps[1].precondition.absent", "true" },
        { "steps[1].precondition.absent", 1 },
        { "action", 3 },
    };

    [Theory]
    [MemberData(nameof(RequestSpellings))]
    public void FromStatement_RequestValueTheGateDoesNotWrite_IsRefusedNamingIt(string path, JsonNode? value)
    {
        var statement = Statement();
        var (parent, name) = Member(statement, "request." + path);
        parent[name] = value;

        var act = () => ProofClaims.FromStatement(statement);

        act.Should().Throw<FormatException>().WithMessage($"the proof's statement is malformed: predicate.request.{path}: *")
            .Which.InnerException.Should().NotBeNull();
    }

    public static TheoryData<string, string> RequestMemberSpellings => new()
    {
        { "steps[0]", "verb" }, { "steps[0]", "body" }, { "steps[1].precondition", "absent" }, { "", "steps" },
    };

    [Theory]
    [MemberData(nameof(RequestMemberSpellings))]
    public void FromStatement_RequestMemberNameInAnotherCase_IsRefused(string parentPath, string name)
    {
        var statement = Statement();
        var (parent, _) = Member(statement, parentPath.Length == 0 ? "request.x" : $"request.{parentPath}.x");
        var value = parent[name]!.DeepClone();
        parent.Remove(name);
        parent[char.ToUpperInvariant(name[0]) + name[1..]] = value;

        var act = () => ProofClaims.FromStatement(statement);

        act.Should().Throw<FormatException>().WithMessage(
            $"the proof's statement is malformed: predicate.request{(parentPath.Length == 0 ? "" : "." + parentPath)}.{char.ToUpperInvariant(name[0])}{name[1..]}: it is not spelled as the gate writes it*");
    }

    public static TheoryData<string> OtherTimestampForms => new()
    {
        "2026-01-15T11:00:00Z", "2026-01-15T11:00:00+00:00", "2026-01-15 11:00:00", "1768474800", "",
    };

    [Theory]
    [MemberData(nameof(OtherTimestampForms))]
    public void FromStatement_TimestampNotInRoundTripForm_IsMalformedNamingIt(string text)
    {
        var statement = Statement();
        statement["predicate"]!["expiresAt"] = text;

        var act = () => ProofClaims.FromStatement(statement);

        act.Should().Throw<FormatException>().WithMessage($"the proof's statement is malformed: predicate.expiresAt: '{text}' is not a round-trip timestamp*");
    }

    [Theory]
    [InlineData("expiresAt")]
    [InlineData("issuedAt")]
    [InlineData("changeRequest.createdAt")]
    public void FromStatement_TimestampNotAString_IsMalformedNamingIt(string path)
    {
        var statement = Statement();
        var (parent, name) = Member(statement, path);
        parent[name] = 1767225600;

        var act = () => ProofClaims.FromStatement(statement);

        act.Should().Throw<FormatException>().WithMessage($"the proof's statement is malformed: predicate.{path}*a timestamp must be a string*");
    }

    public static TheoryData<string, JsonNode> WrongTypes => new()
    {
        { "policy.allowed", "yes" },
        { "policy.requiredApprovals", "2" },
        { "releaseScore", 67.5 },
        { "changeRequest.arguments", new JsonArray() },
        { "dryRun.diff[0].path", 7 },
        { "checks[1]", "pass" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public void FromStatement_MemberOfTheWrongType_IsMalformedNamingItsPath(string path, JsonNode value)
    {
        var statement = Statement();
        if (path.EndsWith(']'))
        {
            var (parent, name) = Member(statement, path[..path.LastIndexOf('[')]);
            parent[name]![int.Parse(path[(path.LastIndexOf('[') + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            var (parent, name) = Member(statement, path);
            parent[name] = value;
        }

        var act = () => ProofClaims.FromStatement(statement);

        act.Should().Throw<FormatException>().WithMessage($"the proof's statement is malformed: predicate.{path}: The JSON value could not be converted to *");
    }

    [Fact]
    public void FromStatement_MemberNameInAnotherCase_IsNotTheMember()
    {
        var statement = Statement();
        var policy = statement["predicate"]!["policy"]!.AsObject();
        var rule = policy["rule"]!.DeepClone();
        policy.Remove("rule");
        policy["Rule"] = rule;

        var act = () => ProofClaims.FromStatement(statement);

        act.Should().Throw<FormatException>().WithMessage("the proof's statement is malformed: predicate.policy.rule is missing");
    }

    [Fact]
    public void FromStatement_PredicateNotAnObject_IsMalformed()
    {
        var statement = Statement();
        statement["predicate"] = new JsonArray();

        var act = () => ProofClaims.FromStatement(statement);

        act.Should().Throw<FormatException>().WithMessage("the proof's statement is malformed: predicate: *");
    }

    [Fact]
    public void FromStatement_PredicateMissing_IsMalformedNamingIt()
    {
        var statement = Statement();
        statement.Remove("predicate");

        var act = () => ProofClaims.FromStatement(statement);

        act.Should().Throw<FormatException>().WithMessage("the proof's statement is malformed: predicate is missing");
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The parent object of the member at <paramref name="path"/> (dots and [index]) below <c>predicate</c>, and the member's name.</summary>
    private static (JsonObject Parent, string Name) Member(JsonObject statement, string path)
    {
        JsonNode node = statement["predicate"]!;
        var parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        foreach (var part in parts[..^1])
        {
            node = part.StartsWith('[') ? node[int.Parse(part[1..^1], System.Globalization.CultureInfo.InvariantCulture)]! : node[part]!;
        }

        return (node.AsObject(), parts[^1]);
    }

    private JsonObject Statement()
    {
        var change = MultiStepChange.Change();
        var proof = ProofBuilder.Build(new ProofInput
        {
            Change = change,
            Observed = MultiStepChange.Observed(),
            DryRunResult = [],
            Checks = change.Checks,
            Policy = change.Policy! with { ApproverGroups = ["sre", "ops"] },
            IssuedAt = MultiStepChange.Issued,
            ExpiresAt = MultiStepChange.Issued.AddHours(1),
        }, _gate);
        return (JsonObject)JsonNode.Parse(proof.Envelope.Payload)!;
    }
}
