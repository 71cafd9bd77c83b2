using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using McpGate.Core.Notifications;
using McpGate.Server.Notifications;
using McpGate.Testing.Engine;
using McpGate.Testing.Files;
using McpGate.Testing.Http;
using McpGate.Testing.Logging;

namespace McpGate.Server.Tests.Notifications;

/// <summary>
/// Notifications from a real engine (the sandbox over HTTPS, a SQLite ledger) to a real HTTP receiver
/// on 127.0.0.1 and a real program: each state arrives signed, failed attempts are retried and recorded,
/// a hanging or failing receiver never holds up a change, a restart neither resends nor skips, and the
/// key appears nowhere but in the signature.
/// </summary>
public sealed class NotificationDispatcherTests : IAsyncLifetime
{
    private const string Secret = "s3cret-hmac-key-0123456789abcdef";
    private const string SecretVariable = "MCPGATE_TEST_HOOK_KEY";

    private readonly TempDirectory _temp = new("mcpgate-notify-");
    private readonly LogCollector<NotificationDispatcher> _logs = new();
    private readonly List<NotificationDispatcher> _dispatchers = [];
    private readonly List<WebhookReceiver> _receivers = [];
    private GateHarness _gate = null!;

    public async Task InitializeAsync() => _gate = await GateHarness.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var dispatcher in _dispatchers)
        {
            await dispatcher.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            dispatcher.Dispose();
        }

        foreach (var receiver in _receivers)
        {
            await receiver.DisposeAsync();
        }

        await _gate.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task EachState_ReachesTheWebhookSignedAndTheCommandOnStdin()
    {
        var receiver = await ReceiverAsync();
        var commandOutput = _temp.Combine("command-stdin.jsonl");
        await StartAsync($"""
            notifiers:
              - name: chat
                type: webhook
                url: {receiver.Url}
                secretEnv: {SecretVariable}
              - name: script
                type: command
                command: [/usr/bin/tee, -a, {commandOutput}]
                events: [final]
            """);

        var change = await _gate.ProposeScaleAsync(5);
        var pending = await receiver.NextAsync();
        await _gate.SubmitAsync(change.Id, "alice");
        var decision = await receiver.NextAsync();
        (await _gate.ProcessUntilFinalAsync(change.Id)).State.Should().Be(ChangeState.Verified);
        var final = await receiver.NextAsync();

        var entries = await _gate.Ledger.ReadEntriesAsync(0, change.Id);
        var bodies = new[] { (pending, "pending", "pending_approval"), (decision, "decision", "pending_approval"), (final, "final", "verified") }.Select(r =>
        {
            var (request, kind, state) = r;
            var body = VerifySigned(request);
            body["type"]!.GetValue<string>().Should().Be("mcpgate.notification/v1");
            body["event"]!.GetValue<string>().Should().Be(kind);
            request.Headers["X-McpGate-Event"].Should().Be(kind);
            body["changeId"]!.GetValue<string>().Should().Be(change.Id);
            body["state"]!.GetValue<string>().Should().Be(state);
            body["tool"]!.GetValue<string>().Should().Be("scale_deployment");
            body["target"]!.GetValue<string>().Should().Be("deployments demo/web");
            body["summary"]!.GetValue<string>().Should().Be(change.Summary);
            body["requester"]!.GetValue<string>().Should().Be("agent");
            var sequence = body["sequence"]!.GetValue<long>();
            entries.Single(e => e.Sequence == sequence).EventType.Should().Be(kind == "decision" ? "approval_submitted" : state);
            request.Headers["X-McpGate-Delivery"].Should().Be($"{sequence.ToString(CultureInfo.InvariantCulture)}.chat");
            body["text"]!.GetValue<string>().Should().StartWith("McpGate: ").And.Contain(change.Id);
            body["blocks"]!.AsArray().Should().NotBeEmpty();
            body["blocks"]![0]!["type"]!.GetValue<string>().Should().Be("section");
            body["blocks"]![0]!["text"]!["type"]!.GetValue<string>().Should().Be("mrkdwn");
            body.ContainsKey("arguments").Should().BeFalse();
            body.ContainsKey("proofEnvelope").Should().BeFalse();
            return body;
        }).ToList();
        bodies[0]["quorum"]!.GetValue<string>().Should().Be("0 of 1 approvals, needs one more from group sre");
        bodies[0]["text"]!.GetValue<string>().Should().Contain("waits for approval");
        bodies[1]["decision"]!["approver"]!.GetValue<string>().Should().Be("alice");
        bodies[1]["decision"]!["decision"]!.GetValue<string>().Should().Be("approve");
        bodies[1]["text"]!.GetValue<string>().Should().Contain("alice approved change");
        bodies[2]["text"]!.GetValue<string>().Should().Contain("ended verified");

        var lines = await PollFileAsync(() => File.Exists(commandOutput) ? File.ReadAllLines(commandOutput) : [], l => l.Length >= 1);
        var commandBody = JsonNode.Parse(lines.Single())!;
        commandBody["event"]!.GetValue<string>().Should().Be("final");
        commandBody["changeId"]!.GetValue<string>().Should().Be(change.Id);
        commandBody["state"]!.GetValue<string>().Should().Be("verified");

        var attempts = await PollAsync(() => _gate.Ledger.ListNotificationAttemptsAsync(change.Id), a => a.Count >= 4);
        attempts.Should().OnlyContain(a => a.Outcome == NotificationAttempt.Delivered && a.Attempt == 1 && a.ErrorText == null);
        attempts.Where(a => a.Notifier == "chat").Select(a => a.Event).Should().Equal("pending", "decision", "final");
        attempts.Where(a => a.Notifier == "chat").Should().OnlyContain(a => a.Status == 200);
        attempts.Single(a => a.Notifier == "script").Status.Should().Be(0, "the exit code");
        receiver.All.Should().HaveCount(3, "proposed, proven, approved, executing and the others are not notified");
        AssertSecretNowhere(receiver);
    }

    [Fact]
    public async Task FailingReceiver_IsRetriedWithBackoff_AndEveryAttemptRecorded()
    {
        var receiver = await ReceiverAsync(n => n <= 2 ? 500 : 200);
        await StartAsync($"""
            notifiers:
              - name: chat
                type: webhook
                url: {receiver.Url}
                secretEnv: {SecretVariable}
                events: [pending]
            """);

        var change = await _gate.ProposeScaleAsync(5);
        var requests = new[] { await receiver.NextAsync(), await receiver.NextAsync(), await receiver.NextAsync() };

        requests.Select(r => r.Headers["X-McpGate-Delivery"]).Distinct().Should().ContainSingle("every attempt of one notification has its delivery id");
        requests.Should().AllSatisfy(r => VerifySigned(r));
        var attempts = await PollAsync(() => _gate.Ledger.ListNotificationAttemptsAsync(change.Id), a => a.Count >= 3);
        attempts.Select(a => (a.Attempt, a.Outcome, a.Status)).Should().Equal(
            (1, NotificationAttempt.Failed, (int?)500), (2, NotificationAttempt.Failed, (int?)500), (3, NotificationAttempt.Delivered, (int?)200));
        attempts[0].ErrorText.Should().Be("HTTP 500 Internal Server Error");
        var warnings = _logs.Entries.Where(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning).ToList();
        warnings.Should().HaveCount(2, "one line per failed attempt").And.OnlyContain(e => e.EventId == 2601 && e.Exception == null);
        warnings[0].Message.Should().Contain("Notifier chat: pending of change " + change.Id).And.Contain("HTTP 500");
        AssertSecretNowhere(receiver);
    }

    [Fact]
    public async Task HangingAndFailingReceivers_DoNotHoldUpTheChange_WhichExecutesOnce()
    {
        var hanging = await ReceiverAsync(_ => null);
        var failing = await ReceiverAsync(_ => 500);
        await StartAsync($"""
            notifiers:
              - name: hangs
                type: webhook
                url: {hanging.Url}
                secretEnv: {SecretVariable}
                timeoutSeconds: 300
              - name: fails
                type: webhook
                url: {failing.Url}
                secretEnv: {SecretVariable}
            """, maxAttempts: 2);

        var change = await _gate.ProposeScaleAsync(5);
        await hanging.NextAsync();
        await _gate.SubmitAsync(change.Id, "alice");
        var settled = await _gate.ProcessUntilFinalAsync(change.Id);

        settled.State.Should().Be(ChangeState.Verified);
        (await _gate.ObserveWebAsync()).Replicas.Should().Be(5);
        (await _gate.EventTypesAsync(change.Id)).Count(e => e == "executing").Should().Be(1, "executed exactly once");
        (await _gate.Ledger.ListNotificationAttemptsAsync(change.Id)).Where(a => a.Notifier == "hangs").Should().BeEmpty(
            "the first notification to the hanging receiver was still waiting for its answer when the change was verified");
        hanging.All.Should().ContainSingle();
        var failed = await PollAsync(() => _gate.Ledger.ListNotificationAttemptsAsync(change.Id), a => a.Count(x => x.Notifier == "fails") >= 6);
        failed.Where(a => a.Notifier == "fails").Select(a => (a.Event, a.Attempt, a.Outcome)).Should().Equal(
            ("pending", 1, NotificationAttempt.Failed), ("pending", 2, NotificationAttempt.GaveUp),
            ("decision", 1, NotificationAttempt.Failed), ("decision", 2, NotificationAttempt.GaveUp),
            ("final", 1, NotificationAttempt.Failed), ("final", 2, NotificationAttempt.GaveUp));
        _logs.Entries.Where(e => e.EventId == 2602).Should().HaveCount(3).And.OnlyContain(e => e.Exception == null);

        // The stop cancels the hanging attempt, and leaves the cursor before it: a restart sends it again.
        var pendingSequence = await PendingSequenceAsync(change.Id);
        await _dispatchers[0].StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        (await _gate.Ledger.ReadNotificationCursorAsync("hangs")).Should().BeLessThan(pendingSequence);
        AssertSecretNowhere(failing);
    }

    /// <summary>
    /// The gate stops while a receiver is still answering: the attempt may finish within the grace, it is
    /// recorded as delivered and the cursor moves past it, so the restarted gate does not send it again;
    /// no retry starts after the stop.
    /// </summary>
    [Fact]
    public async Task Stop_WhileAnAttemptIsUnderWay_LetsItFinish_AndARestartDoesNotResendIt()
    {
        var receiver = await ReceiverAsync(n => n == 1 ? null : 200);
        var yaml = PendingToSlowReceiver(receiver);
        var first = await StartAsync(yaml, stopGrace: TimeSpan.FromSeconds(30));
        var change = await _gate.ProposeScaleAsync(3);
        await receiver.NextAsync();

        var stop = first.StopAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(300)); // long enough for a stop that did not wait to have ended
        stop.IsCompleted.Should().BeFalse("the attempt under way may finish");
        receiver.Release(200);
        await stop.WaitAsync(TimeSpan.FromSeconds(30));

        var attempts = await _gate.Ledger.ListNotificationAttemptsAsync(change.Id);
        attempts.Select(a => (a.Notifier, a.Attempt, a.Outcome, a.Status)).Should().Equal(("chat", 1, NotificationAttempt.Delivered, (int?)200));
        var pendingSequence = await PendingSequenceAsync(change.Id);
        (await _gate.Ledger.ReadNotificationCursorAsync("chat")).Should().BeGreaterThanOrEqualTo(pendingSequence);

        await StartAsync(yaml);
        var next = await _gate.ProposeScaleAsync(4, name: "api");
        VerifySigned(await receiver.NextAsync())["changeId"]!.GetValue<string>().Should().Be(next.Id, "the delivered notification is not sent again");
        receiver.All.Should().HaveCount(2);
    }

    /// <summary>A receiver that answers nothing within the grace: the stop cuts the attempt, records nothing for it, and leaves the cursor before it.</summary>
    [Fact]
    public async Task Stop_WhileAReceiverHangsPastTheGrace_CutsTheAttempt_AndARestartSendsItAgain()
    {
        var receiver = await ReceiverAsync(n => n == 1 ? null : 200);
        var yaml = PendingToSlowReceiver(receiver);
        var first = await StartAsync(yaml, stopGrace: TimeSpan.FromMilliseconds(200));
        var change = await _gate.ProposeScaleAsync(3);
        await receiver.NextAsync();

        await first.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        (await _gate.Ledger.ListNotificationAttemptsAsync(change.Id)).Should().BeEmpty("the cut attempt got no answer");
        var pendingSequence = await PendingSequenceAsync(change.Id);
        (await _gate.Ledger.ReadNotificationCursorAsync("chat")).Should().BeLessThan(pendingSequence);
        receiver.Release(200);
        await StartAsync(yaml);
        VerifySigned(await receiver.NextAsync())["changeId"]!.GetValue<string>().Should().Be(change.Id, "the cut notification is sent again");
        (await PollAsync(() => _gate.Ledger.ListNotificationAttemptsAsync(change.Id), a => a.Count >= 1))
            .Select(a => (a.Attempt, a.Outcome)).Should().Equal((1, NotificationAttempt.Delivered));
    }

    [Fact]
    public async Task Restart_NeitherResendsNorSkips()
    {
        var receiver = await ReceiverAsync();
        var yaml = $"""
            notifiers:
              - name: chat
                type: webhook
                url: {receiver.Url}
                secretEnv: {SecretVariable}
                events: [pending]
            """;
        var first = await StartAsync(yaml);
        var before = await _gate.ProposeScaleAsync(3);
        (await receiver.NextAsync()).Headers["X-McpGate-Delivery"].Should().NotBeNull();
        await PollAsync(() => _gate.Ledger.ListNotificationAttemptsAsync(before.Id), a => a.Count >= 1);
        await first.StopAsync(CancellationToken.None);

        var whileStopped = await _gate.ProposeScaleAsync(4, name: "api");
        await StartAsync(yaml);
        var next = VerifySigned(await receiver.NextAsync());

        next["changeId"]!.GetValue<string>().Should().Be(whileStopped.Id, "the change proposed while no notifier ran is sent after the restart, and the one before it is not sent again");
        var attempts = await PollAsync(() => _gate.Ledger.ListNotificationAttemptsAsync(), a => a.Count >= 2);
        attempts.Select(a => a.ChangeId).Should().Equal(before.Id, whileStopped.Id);
        receiver.All.Should().HaveCount(2);
    }

    [Fact]
    public async Task Command_GetsItsOwnEnvironment_AndAFailingOrHangingOneIsRecordedAndKilled()
    {
        const string gateOnly = "MCPGATE_TEST_GATE_ONLY_VARIABLE";
        Environment.SetEnvironmentVariable(gateOnly, "held-by-the-gate-process");
        try
        {
            var environmentFile = _temp.Combine("command-env.txt");
            var pidFile = _temp.Combine("hanging.pid");
            await StartAsync($"""
                notifiers:
                  - name: fails
                    type: command
                    command: [/bin/sh, -c, 'env > {environmentFile}; echo "receiver said no" >&2; exit 3']
                    events: [pending]
                  - name: hangs
                    type: command
                    command: [/bin/sh, -c, 'echo $$ >> {pidFile}; exec sleep 300']
                    events: [pending]
                    timeoutSeconds: 1
                """, maxAttempts: 2);

            var change = await _gate.ProposeScaleAsync(5);
            var attempts = await PollAsync(() => _gate.Ledger.ListNotificationAttemptsAsync(change.Id), a => a.Count >= 4);

            attempts.Where(a => a.Notifier == "fails").Select(a => (a.Attempt, a.Outcome, a.Status, a.ErrorText)).Should().Equal(
                (1, NotificationAttempt.Failed, (int?)3, "/bin/sh exited with 3: receiver said no"),
                (2, NotificationAttempt.GaveUp, (int?)3, "/bin/sh exited with 3: receiver said no"));
            attempts.Where(a => a.Notifier == "hangs").Select(a => (a.Attempt, a.Outcome, a.Status, a.ErrorText)).Should().Equal(
                (1, NotificationAttempt.Failed, (int?)null, "/bin/sh did not exit within 1s; killed"),
                (2, NotificationAttempt.GaveUp, (int?)null, "/bin/sh did not exit within 1s; killed"));
            var environment = File.ReadAllLines(environmentFile);
            environment.Should().Contain("MCPGATE_NOTIFICATION_EVENT=pending").And.Contain($"MCPGATE_NOTIFICATION_CHANGE={change.Id}");
            environment.Should().NotContain(l => l.StartsWith(gateOnly, StringComparison.Ordinal) || l.StartsWith(SecretVariable, StringComparison.Ordinal),
                "the command gets an environment of its own, not the gate's");
            var pids = File.ReadAllLines(pidFile);
            pids.Should().HaveCount(2, "one process per attempt");
            await PollFileAsync(() => pids.Count(pid => Directory.Exists($"/proc/{pid}")), alive => alive == 0);
        }
        finally
        {
            Environment.SetEnvironmentVariable(gateOnly, null);
        }
    }

    [Fact]
    public async Task Start_WithTheKeyVariableUnset_IsRefusedNamingTheVariable()
    {
        var notifiers = NotifierFile.Parse("notifiers.yaml", $"notifiers:\n  - {{ name: chat, type: webhook, url: 'https://hooks.example.com/x', secretEnv: {SecretVariable} }}");

        var create = () => NotificationDispatcher.Create(_gate.Ledger, notifiers, _gate.Policy, _gate.Engine.GatePublicKey,
            new NotificationOptions { Environment = _ => null }, _logs);

        create.Should().Throw<InvalidDataException>().WithMessage($"notifier 'chat' (notifiers.yaml:2:5): secretEnv: environment variable {SecretVariable} is not set*");
    }

    private async Task<WebhookReceiver> ReceiverAsync(Func<int, int?>? answer = null)
    {
        var receiver = await WebhookReceiver.StartAsync(answer);
        _receivers.Add(receiver);
        return receiver;
    }

    /// <summary>One webhook notifier for <c>pending</c> only, which waits up to 300 s for each answer.</summary>
    private static string PendingToSlowReceiver(WebhookReceiver receiver) => $"""
        notifiers:
          - name: chat
            type: webhook
            url: {receiver.Url}
            secretEnv: {SecretVariable}
            timeoutSeconds: 300
            events: [pending]
        """;

    private async Task<long> PendingSequenceAsync(string changeId) =>
        (await _gate.Ledger.ReadEntriesAsync(0, changeId)).Single(e => e.EventType == "pending_approval").Sequence;

    private async Task<NotificationDispatcher> StartAsync(string yaml, int maxAttempts = 4, TimeSpan? stopGrace = null)
    {
        var notifiers = NotifierFile.Parse(_temp.Combine("notifiers.yaml"), yaml);
        var dispatcher = NotificationDispatcher.Create(_gate.Ledger, notifiers, _gate.Policy, _gate.Engine.GatePublicKey, new NotificationOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(20),
            BaseDelay = TimeSpan.FromMilliseconds(10),
            MaxDelay = TimeSpan.FromMilliseconds(40),
            MaxAttempts = maxAttempts,
            StopGrace = stopGrace ?? TimeSpan.FromMilliseconds(500),
            Environment = name => name == SecretVariable ? Secret : Environment.GetEnvironmentVariable(name),
        }, _logs);
        _dispatchers.Add(dispatcher);
        await dispatcher.StartAsync(CancellationToken.None);

        // Each notifier starts at the end of the ledger: wait until every one has placed its cursor.
        foreach (var notifier in notifiers)
        {
            await PollAsync(() => _gate.Ledger.ReadNotificationCursorAsync(notifier.Name), c => c is not null);
        }

        return dispatcher;
    }

    /// <summary>Checks the signature as a receiver would, with nothing from McpGate: HMAC-SHA256 over timestamp, '.', body.</summary>
    private static JsonObject VerifySigned(ReceivedRequest request)
    {
        request.ContentType.Should().StartWith("application/json");
        var timestamp = request.Headers["X-McpGate-Timestamp"];
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out _).Should().BeTrue();
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(request.Body).ToArray();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed));
        request.Headers["X-McpGate-Signature"].Should().Be(expected);
        return JsonNode.Parse(request.Body)!.AsObject();
    }

    private void AssertSecretNowhere(WebhookReceiver receiver)
    {
        foreach (var request in receiver.All)
        {
            Encoding.UTF8.GetString(request.Body).Should().NotContain(Secret);
            request.Headers.Values.Should().NotContain(v => v.Contains(Secret, StringComparison.Ordinal));
        }

        _logs.Entries.Should().NotContain(e => e.Message.Contains(Secret, StringComparison.Ordinal) || e.Message.Contains("path-secret", StringComparison.Ordinal));
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(_gate.Ledger.DatabasePath)!))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            reader.ReadToEnd().Should().NotContain(Secret, $"{file} holds no key");
        }
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(20, deadline.Token);
        }
    }

    private static Task<T> PollFileAsync<T>(Func<T> read, Func<T, bool> done) => PollAsync(() => Task.FromResult(read()), done);
}
