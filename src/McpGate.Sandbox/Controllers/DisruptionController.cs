using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Controllers;

/// <summary>The disruption controller: keeps each PodDisruptionBudget's status (healthy, desired, allowed) current.</summary>
internal sealed class DisruptionController
{
    private readonly ControllerContext _context;

    public DisruptionController(ControllerContext context)
    {
        _context = context;
    }

    public bool Reconcile()
    {
        var changed = false;
        foreach (var budget in _context.List(WorkloadResources.PodDisruptionBudgets).Where(b => !ObjectMeta.IsTerminating(b)))
        {
            var status = DisruptionBudgets.Compute(_context.Objects, budget).Status(budget, _context.Now);
            changed |= _context.UpdateStatus(WorkloadResources.PodDisruptionBudgets, budget, status) is not null;
        }

        return changed;
    }
}
