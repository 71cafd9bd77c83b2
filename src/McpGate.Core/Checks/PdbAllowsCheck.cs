using McpGate.Core.Cluster;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;

namespace McpGate.Core.Checks;

/// <summary>
/// <c>pdb_allows</c>: PodDisruptionBudgets in the target's namespace whose selector matches the
/// workload's pod labels. Fail when the change takes more pods away at once (scale-down, or the
/// rollout's maxUnavailable; see <see cref="PodDisruption"/>) than a matching budget's
/// <c>status.disruptionsAllowed</c> (0 when the budget has no status yet); pass otherwise, and
/// pass with "no PodDisruptionBudget" when none matches or the change takes no pod away.
/// </summary>
internal sealed class PdbAllowsCheck : IProofCheck
{
    public const string CheckName = "pdb_allows";

    public string Name => CheckName;

    public int Weight => 3;

    public async Task<CheckRecord> RunAsync(CheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var before = Workload.Of(context.Target, context.Observed);
        var after = Workload.Of(context.Target, context.DryRun);
        if (before is null || after is null)
        {
            return Verdict.Pass(Name, $"the change disrupts no running pod ({context.Target.Resource} {(context.Observed is null ? "does not exist yet" : "owns no pods")})",
                new JsonObject { ["resource"] = context.Target.Resource });
        }

        var disruption = PodDisruption.Of(before, after);
        var list = await context.Cluster.ListAsync(CheckResources.DisruptionBudgets(context.Target.Namespace), ListQuery.All, cancellationToken).ConfigureAwait(false);
        var labels = before.TemplateLabels;
        var budgets = CheckResources.Items(list)
            .Where(b => PodSelector.From(b["spec"]?["selector"]) is { } selector && selector.Matches(labels))
            .Select(b => (Name: Workload.Text(b["metadata"]?["name"]) ?? "?", Allowed: Workload.Integer(b["status"]?["disruptionsAllowed"]) ?? 0))
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();
        var evidence = new JsonObject
        {
            ["podLabels"] = new JsonObject([.. labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))]),
            ["disrupted"] = disruption.Unavailable,
            ["budgets"] = new JsonArray([.. budgets.Select(b => (JsonNode)new JsonObject { ["name"] = b.Name, ["disruptionsAllowed"] = b.Allowed })]),
        };
        if (budgets.Count == 0)
        {
            return Verdict.Pass(Name, "no PodDisruptionBudget selects the pods", evidence);
        }

        var names = string.Join(", ", budgets.Select(b => $"{Verdict.Quote(b.Name)} allows {b.Allowed}"));
        if (disruption.Unavailable == 0)
        {
            return Verdict.Pass(Name, $"the change takes no pod away at once ({disruption.How}); PodDisruptionBudget(s): {names}", evidence);
        }

        var exceeded = budgets.Where(b => disruption.Unavailable > b.Allowed).ToList();
        return exceeded.Count == 0
            ? Verdict.Pass(Name, $"{disruption.Unavailable} pod(s) disrupted at once is within PodDisruptionBudget(s) {names}", evidence)
            : Verdict.Fail(Name, $"{disruption.Unavailable} pod(s) disrupted at once ({disruption.How}) exceeds PodDisruptionBudget(s) "
                + string.Join(", ", exceeded.Select(b => $"{Verdict.Quote(b.Name)} (disruptionsAllowed {b.Allowed})")), evidence);
    }
}
