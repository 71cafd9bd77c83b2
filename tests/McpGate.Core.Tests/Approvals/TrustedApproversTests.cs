using McpGate.Core.Approvals;
using McpGate.Core.Crypto;
using McpGate.Core.Policy;
using McpGate.Core.Tests.Policy;

namespace McpGate.Core.Tests.Approvals;

/// <summary>Policy sets built in code (not through the loader) are checked again before their keys are trusted.</summary>
public sealed class TrustedApproversTests : IDisposable
{
    private readonly Ed25519PrivateKey _carol = Ed25519PrivateKey.Generate();

    private string CarolKey => _carol.PublicKey.ToString();

    [Fact]
    public void FromPolicy_KeepsOrderIdentitiesGroupsAndKeys()
    {
        var approvers = TrustedApprovers.FromPolicy(Policy(
            new Approver { Identity = "Bob", Groups = ["Dev", "sre"], PublicKey = PolicyYaml.BobKey },
            new Approver { Identity = "alice", Groups = [], PublicKey = PolicyYaml.AliceKey }));

        approvers.Select(a => a.Identity).Should().Equal("bob", "alice");
        approvers[0].Groups.Should().Equal("dev", "sre");
        approvers[1].Groups.Should().BeEmpty();
        approvers[0].PublicKey.Should().Be(Ed25519PublicKey.Parse(PolicyYaml.BobKey));
        approvers[1].PublicKey.Should().Be(Ed25519PublicKey.Parse(PolicyYaml.AliceKey));
    }

    [Fact]
    public void FromPolicy_NoApprovers_IsEmpty()
    {
        TrustedApprovers.FromPolicy(Policy()).Should().BeEmpty();
    }

    [Fact]
    public void FromPolicy_OneIdentityTwice_NamesItAndThePolicyParameter()
    {
        var act = () => TrustedApprovers.FromPolicy(Policy(
            new Approver { Identity = "alice", PublicKey = PolicyYaml.AliceKey },
            new Approver { Identity = "bob", PublicKey = PolicyYaml.BobKey },
            new Approver { Identity = "Alice", PublicKey = CarolKey }));

        var ex = act.Should().Throw<ArgumentException>().Which;
        ex.Message.Should().StartWith("approver alice is listed twice (identities ignore case)");
        ex.ParamName.Should().Be("policy");
    }

    [Fact]
    public void FromPolicy_AKeySharedWithAnEarlierApprover_NamesBoth()
    {
        var act = () => TrustedApprovers.FromPolicy(Policy(
            new Approver { Identity = "alice", PublicKey = PolicyYaml.AliceKey },
            new Approver { Identity = "bob", PublicKey = PolicyYaml.BobKey },
            new Approver { Identity = "carol", PublicKey = PolicyYaml.AliceKey }));

        act.Should().Throw<KeyFormatException>().WithMessage("approvers 'alice' and 'carol' share one public key; each approver needs a key of their own");
    }

    [Theory]
    [InlineData("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")]
    [InlineData("ed25519:not base64")]
    [InlineData("")]
    public void FromPolicy_UnusableKey_NamesTheApproverAndKeepsTheCause(string key)
    {
        var act = () => TrustedApprovers.FromPolicy(Policy(
            new Approver { Identity = "alice", PublicKey = PolicyYaml.AliceKey },
            new Approver { Identity = "Carol", PublicKey = key }));

        var ex = act.Should().Throw<KeyFormatException>().Which;
        ex.Message.Should().StartWith("approver 'carol': publicKey: ");
        ex.InnerException.Should().BeOfType<KeyFormatException>().Which.Message.Should().Be(ex.Message["approver 'carol': publicKey: ".Length..]);
    }

    [Fact]
    public void FromPolicy_GroupBreakingTheIdentityRule_IsRefused()
    {
        var act = () => TrustedApprovers.FromPolicy(Policy(new Approver { Identity = "alice", Groups = ["on call"], PublicKey = PolicyYaml.AliceKey }));

        act.Should().Throw<ArgumentException>().WithMessage($"*{Identities.Rule}*");
    }

    [Fact]
    public void FromPolicy_Null_ThrowsNamingIt()
    {
        var act = () => TrustedApprovers.FromPolicy(null!);

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("policy");
    }

    public void Dispose() => _carol.Dispose();

    private static PolicySet Policy(params Approver[] approvers) => new()
    {
        Rules = [],
        FreezeWindows = [],
        DefaultApprovalExpiry = TimeSpan.FromHours(1),
        Approvers = approvers,
    };
}
