using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Controllers;

/// <summary>
/// The garbage collector's foreground deletion: an object marked for deletion with the
/// <c>foregroundDeletion</c> finalizer first has its dependents deleted (in the foreground too), and once
/// none is left loses the finalizer, which deletes it when no other finalizer remains.
/// </summary>
internal sealed partial class ControllerManager
{
    private bool FinishForegroundDeletions()
    {
        var objects = _context.Objects;
        var changed = false;
        foreach (var (key, owner) in objects.Store.Finalizing(ObjectService.ForegroundFinalizer))
        {
            var dependents = objects.Store.Dependents(ObjectMeta.Uid(owner));
            foreach (var (dependentKey, dependent) in dependents.Where(d => !ObjectMeta.IsTerminating(d.Object) || !ObjectService.Finalizers(d.Object).Contains(ObjectService.ForegroundFinalizer)))
            {
                if (objects.Registry.Find(dependentKey.Resource.Group, dependentKey.Resource.Version, dependentKey.Resource.Resource) is { } definition)
                {
                    changed |= _context.Delete(definition, dependent, "Foreground") is not null;
                }
            }

            if (dependents.Count > 0
                || objects.Registry.Find(key.Resource.Group, key.Resource.Version, key.Resource.Resource) is not { } ownerDefinition)
            {
                continue;
            }

            changed |= ControllerContext.TryWrite(() => objects.Update(ownerDefinition, ObjectMeta.Namespace(owner), ObjectMeta.Name(owner), latest =>
            {
                var finalizers = ObjectService.Finalizers(latest).Where(f => f != ObjectService.ForegroundFinalizer).ToList();
                if (finalizers.Count == 0)
                {
                    JsonFields.Metadata(latest).Remove("finalizers");
                }
                else
                {
                    JsonFields.Metadata(latest)["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
                }

                return latest;
            }, dryRun: false)) is not null;
        }

        return changed;
    }
}
