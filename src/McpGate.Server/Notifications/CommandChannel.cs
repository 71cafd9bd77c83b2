using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using McpGate.Core.Notifications;

namespace McpGate.Server.Notifications;

/// <summary>
/// Runs the notifier's program (no shell) with the body on stdin. Exit code 0 is delivered. The
/// program gets a small environment of its own (PATH, HOME, LANG, TZ, TMPDIR and the
/// <c>MCPGATE_NOTIFICATION_*</c> variables), never the gate's: the gate's may hold keys and tokens.
/// At the timeout the program and its children are killed.
/// </summary>
internal sealed class CommandChannel(NotifierDefinition notifier, Func<string, string?> environment) : INotificationChannel
{
    private static readonly string[] s_passed = ["PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR"];

    public string Destination => notifier.Command[0];

    public async Task<DeliveryResult> SendAsync(DeliveryRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(notifier.Command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in notifier.Command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var name in s_passed)
        {
            if (environment(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        start.Environment["MCPGATE_NOTIFICATION_EVENT"] = request.Event;
        start.Environment["MCPGATE_NOTIFICATION_CHANGE"] = request.ChangeId;
        start.Environment["MCPGATE_NOTIFICATION_DELIVERY"] = request.DeliveryId;

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return DeliveryResult.Fail(null, ErrorText.Clean($"cannot start {notifier.Command[0]}: {ex.Message}"));
        }

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(request.Body, attempt.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The program exited without reading all of its input; its exit code says how it went.
            }

            await process.WaitForExitAsync(attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return DeliveryResult.Fail(null, $"{notifier.Command[0]} did not exit within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s; killed");
        }

        await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        var code = process.ExitCode;
        if (code == 0)
        {
            return DeliveryResult.Ok(0);
        }

        var firstLine = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return DeliveryResult.Fail(code, ErrorText.Clean($"{notifier.Command[0]} exited with {code.ToString(CultureInfo.InvariantCulture)}" + (firstLine is null ? string.Empty : $": {firstLine}")));
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }
}
