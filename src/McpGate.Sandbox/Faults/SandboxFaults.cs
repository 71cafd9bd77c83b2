namespace McpGate.Sandbox.Faults;

/// <summary>
/// Faults scripted for upcoming requests; thread-safe and changeable while the cluster runs.
/// The first pending fault (in the order added) that matches a request is used, and its count
/// goes down by one; a fault whose count reaches zero is removed.
/// </summary>
public sealed class SandboxFaults
{
    private readonly Lock _gate = new();
    private readonly List<(SandboxFault Fault, int Remaining)> _pending = [];

    /// <summary>Scripts a fault; throws when it is malformed (count below 1, bad status, negative times).</summary>
    public void Add(SandboxFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (fault.Count < 1)
        {
            throw new ArgumentException($"Count must be at least 1, got {fault.Count}.", nameof(fault));
        }

        if (string.IsNullOrEmpty(fault.PathPrefix) || fault.PathPrefix[0] != '/')
        {
            throw new ArgumentException("PathPrefix must start with '/'.", nameof(fault));
        }

        if (fault.StatusCode != 0 && fault.StatusCode is < 400 or > 599)
        {
            throw new ArgumentException($"StatusCode must be an HTTP error (400-599), got {fault.StatusCode}.", nameof(fault));
        }

        if (fault.RetryAfter < TimeSpan.Zero || fault.Delay < TimeSpan.Zero)
        {
            throw new ArgumentException("RetryAfter and Delay must not be negative.", nameof(fault));
        }

        if (fault.Kind == SandboxFaultKind.Delay && fault.Delay is null)
        {
            throw new ArgumentException("A Delay fault needs Delay.", nameof(fault));
        }

        lock (_gate)
        {
            _pending.Add((fault, fault.Count));
        }
    }

    /// <summary>Removes every pending fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _pending.Clear();
        }
    }

    /// <summary>How many faulted requests are still scripted (sum of remaining counts).</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Sum(p => p.Remaining);
            }
        }
    }

    /// <summary>Takes one use of the first matching fault, or returns null.</summary>
    internal SandboxFault? TryTake(string method, string path)
    {
        lock (_gate)
        {
            for (var i = 0; i < _pending.Count; i++)
            {
                var (fault, remaining) = _pending[i];
                if (!fault.Matches(method, path))
                {
                    continue;
                }

                if (remaining <= 1)
                {
                    _pending.RemoveAt(i);
                }
                else
                {
                    _pending[i] = (fault, remaining - 1);
                }

                return fault;
            }
        }

        return null;
    }
}
