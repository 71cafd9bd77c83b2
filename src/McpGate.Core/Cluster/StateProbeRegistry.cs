using McpGate.Core.Manifests;

namespace McpGate.Core.Cluster;

/// <summary>
/// The probes a gate knows, by name, built once at start. It is itself a probe: it hands each
/// look to the probe registered under the context's expectation. A name registered twice or not
/// in snake_case is refused when the registry is built.
/// </summary>
public sealed class StateProbeRegistry : IStateProbe
{
    private readonly Dictionary<string, IStateProbe> _byName = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">Two probes claim one name, or a name is not snake_case.</exception>
    public StateProbeRegistry(IEnumerable<IStateProbe> probes)
    {
        ArgumentNullException.ThrowIfNull(probes);
        foreach (var probe in probes)
        {
            ArgumentNullException.ThrowIfNull(probe, nameof(probes));
            foreach (var name in probe.Expectations)
            {
                if (!ManifestNames.IsSnakeCase(name))
                {
                    throw new ArgumentException($"probe {probe.GetType().Name}: name \"{name}\" is not snake_case (^[a-z][a-z0-9_]{{0,63}}$)", nameof(probes));
                }

                if (!_byName.TryAdd(name, probe))
                {
                    throw new ArgumentException($"probe {probe.GetType().Name}: name {name} is already registered by {_byName[name].GetType().Name}", nameof(probes));
                }
            }
        }

        Expectations = [.. _byName.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>Every registered name, sorted.</summary>
    public IReadOnlyCollection<string> Expectations { get; }

    public bool Contains(string name) => _byName.ContainsKey(name);

    public Task<ProbeResult> ProbeAsync(ProbeContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _byName.TryGetValue(context.Expectation, out var probe)
            ? probe.ProbeAsync(context, cancellationToken)
            : Task.FromResult(ProbeResult.Failed(
                $"no verification probe is registered as {context.Expectation} (known: {string.Join(", ", Expectations)})",
                [new ProbeFact("expect", context.Expectation)]));
    }
}
