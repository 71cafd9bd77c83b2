using System.Globalization;
using McpGate.Sandbox.Api;
using Microsoft.AspNetCore.Http;

namespace McpGate.Sandbox.Faults;

/// <summary>Plays a scripted fault on a request; returns true when the request is finished.</summary>
internal static class FaultResponder
{
    public static async Task<bool> TryRespondAsync(HttpContext context, SandboxFault fault, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        switch (fault.Kind)
        {
            case SandboxFaultKind.Delay:
                await Task.Delay(fault.Delay ?? TimeSpan.Zero, timeProvider, cancellationToken).ConfigureAwait(false);
                return false;
            case SandboxFaultKind.DropConnection:
                context.Abort();
                return true;
            case SandboxFaultKind.TooManyRequests:
                var seconds = (long)Math.Ceiling((fault.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds);
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await HttpJson.WriteStatusAsync(context, ApiErrors.TooManyRequests(seconds), cancellationToken).ConfigureAwait(false);
                return true;
            default:
                var status = ApiErrors.ServerFault(fault.StatusCode == 0 ? 500 : fault.StatusCode);
                if (status.RetryAfterSeconds is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                }

                await HttpJson.WriteStatusAsync(context, status, cancellationToken).ConfigureAwait(false);
                return true;
        }
    }
}
