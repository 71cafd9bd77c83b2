using McpGate.Core.Notifications;
using McpGate.Core.Policy;
using McpGate.Testing.Files;

namespace McpGate.Core.Tests.Notifications;

public sealed class NotifierFileTests
{
    private const string Path = "policies/notifiers.yaml";

    [Fact]
    public void Parse_WebhookAndCommand_GivesTypedNotifiers()
    {
        var notifiers = NotifierFile.Parse(Path, """
            notifiers:
              - name: slack-sre
                type: webhook
                url: https://hooks.example.com/services/T0/B0/x
                secretEnv: MCPGATE_SLACK_HMAC
                events: [pending, final]
                timeoutSeconds: 5
              - name: pager
                type: command
                command: [/usr/local/bin/page-oncall, --team, sre]
              - name: local
                type: webhook
                url: http://127.0.0.1:9000/hook
                secretFile: /etc/mcpgate/hook.key
            """);

        notifiers.Should().HaveCount(3);
        notifiers[0].Kind.Should().Be(NotifierKind.Webhook);
        notifiers[0].Url.Should().Be(new Uri("https://hooks.example.com/services/T0/B0/x"));
        notifiers[0].SecretEnv.Should().Be("MCPGATE_SLACK_HMAC");
        notifiers[0].Events.Should().BeEquivalentTo([NotificationEvent.Pending, NotificationEvent.Final]);
        notifiers[0].Timeout.Should().Be(TimeSpan.FromSeconds(5));
        notifiers[1].Kind.Should().Be(NotifierKind.Command);
        notifiers[1].Command.Should().Equal("/usr/local/bin/page-oncall", "--team", "sre");
        notifiers[1].Events.Should().BeEquivalentTo(Enum.GetValues<NotificationEvent>(), "no events means all three");
        notifiers[1].Timeout.Should().Be(NotifierFile.DefaultTimeout);
        notifiers[2].SecretFile.Should().Be("/etc/mcpgate/hook.key");
        notifiers[2].Location.Should().Be($"{Path}:11:5");
    }

    [Fact]
    public void Parse_EmptyList_HasNoNotifiers()
    {
        NotifierFile.Parse(Path, "notifiers:\n").Should().BeEmpty();
        NotifierFile.Parse(Path, "").Should().BeEmpty();
    }

    public static TheoryData<string, string> Errors => new()
    {
        { "notifiers:\n  - { name: a, type: webhook, url: 'http://hooks.example.com/x', secretEnv: K }", "notifiers.yaml:2:36: notifiers[0].url: must use https; plain http is allowed to a loopback address only" },
        { "notifiers:\n  - { name: a, type: webhook, url: 'ftp://x/y', secretEnv: K }", "notifiers[0].url: must be an absolute https:// URL" },
        { "notifiers:\n  - { name: a, type: webhook, url: 'https://u:p@x/y', secretEnv: K }", "notifiers[0].url: must not carry a user name or password" },
        { "notifiers:\n  - { name: a, type: webhook, url: 'https://x/y' }", "notifiers[0]: a webhook needs secretEnv (an environment variable) or secretFile (a file) holding its HMAC key" },
        { "notifiers:\n  - { name: a, type: webhook, url: 'https://x/y', secretEnv: K, secretFile: /k }", "notifiers[0].secretFile: give secretEnv or secretFile, not both" },
        { "notifiers:\n  - { name: a, type: webhook, url: 'https://x/y', secret: hunter2hunter2hunter2 }", "notifiers[0].secret: unknown field for type webhook" },
        { "notifiers:\n  - { name: a, type: command, command: [/bin/true], url: 'https://x/y' }", "notifiers[0].url: unknown field for type command" },
        { "notifiers:\n  - { name: a, type: email, command: [/bin/true] }", "notifiers[0].type: must be one of webhook, command (got \"email\")" },
        { "notifiers:\n  - { name: a, type: command, command: [/bin/true], events: [pending, approved] }", "notifiers[0].events[1]: must be one of pending, decision, final (got \"approved\")" },
        { "notifiers:\n  - { name: a, type: command, command: [/bin/true], timeoutSeconds: 0 }", "notifiers[0].timeoutSeconds: must be between 1 and 300 (got 0)" },
        { "notifiers:\n  - { name: a, type: command, command: [bin/notify] }", "notifiers[0].command[0]: 'bin/notify' is a relative path" },
        { "notifiers:\n  - { name: a, type: command, command: [] }", "notifiers[0].command: must not be empty" },
        { "notifiers:\n  - { name: 'a b', type: command, command: [/bin/true] }", "notifiers[0].name: must be 1 to 64 letters, digits" },
        { "notifiers:\n  - { type: command, command: [/bin/true] }", "notifiers[0].name: is required" },
        { "notifiers:\n  - { name: a, type: command, command: [/bin/true] }\n  - { name: a, type: command, command: [/bin/true] }", "notifiers[1].name: 'a' is already the name of the notifier at" },
        { "hooks: []", "hooks: unknown key (expected one of: notifiers)" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Parse_BadFile_NamesFileFieldAndRule(string yaml, string expected)
    {
        var parse = () => NotifierFile.Parse(Path, yaml);

        parse.Should().Throw<PolicyValidationException>().Which.Errors.Should().Contain(e => e.StartsWith(Path + ":", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SeveralErrors_AreReportedTogether()
    {
        var parse = () => NotifierFile.Parse(Path, "notifiers:\n  - { name: a, type: webhook, url: 'http://x/y' }\n  - { name: b, type: command, command: [], timeoutSeconds: 999 }");

        parse.Should().Throw<PolicyValidationException>().Which.Errors.Should().HaveCount(4);
    }

    [Fact]
    public void PolicySet_LoadDirectory_DoesNotReadNotifiersYamlAsAPolicy()
    {
        using var temp = new TempDirectory("mcpgate-notifiers-");
        File.WriteAllText(temp.Combine("policy.yaml"), "rules: []\n");
        File.WriteAllText(temp.Combine(NotifierFile.FileName), "notifiers:\n  - { name: a, type: command, command: [/bin/true] }\n");

        var policy = PolicySet.LoadDirectory(temp.Path);

        policy.Sources.Select(s => s.Name).Should().Equal("policy");
        NotifierFile.LoadDirectory(temp.Path).Should().ContainSingle().Which.Name.Should().Be("a");
    }

    [Fact]
    public void Secret_FromEnvironmentOrFile_IsReadAndItsAbsenceNamedWithoutTheKey()
    {
        using var temp = new TempDirectory("mcpgate-notifiers-");
        var keyFile = temp.Combine("hook.key");
        File.WriteAllText(keyFile, "0123456789abcdef0123\n");
        var fromEnv = NotifierFile.Parse(Path, "notifiers:\n  - { name: a, type: webhook, url: 'https://x/y', secretEnv: HOOK_KEY }")[0];
        var fromFile = NotifierFile.Parse(Path, $"notifiers:\n  - {{ name: b, type: webhook, url: 'https://x/y', secretFile: '{keyFile}' }}")[0];

        NotifierSecret.Read(fromEnv, n => n == "HOOK_KEY" ? "fedcba9876543210fedc" : null).Should().Equal("fedcba9876543210fedc"u8.ToArray());
        NotifierSecret.Read(fromFile, _ => null).Should().Equal("0123456789abcdef0123"u8.ToArray(), "one trailing newline is not part of the key");
        var unset = () => NotifierSecret.Read(fromEnv, _ => null);
        unset.Should().Throw<InvalidDataException>().WithMessage("notifier 'a' (*): secretEnv: environment variable HOOK_KEY is not set*");
        var tooShort = () => NotifierSecret.Read(fromEnv, _ => "short-key");
        tooShort.Should().Throw<InvalidDataException>().Which.Message.Should().Contain("is 9 bytes; it must be at least 16").And.NotContain("short-key");
    }
}
