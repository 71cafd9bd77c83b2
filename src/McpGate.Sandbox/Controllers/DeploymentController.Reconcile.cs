using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Diagnostics;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Controllers;

internal sealed partial class DeploymentController
{
    /// <summary>One pass over all pods and deployments; true when it wrote anything.</summary>
    private bool Reconcile(bool readyImmediately)
    {
        var changed = AdvancePods(readyImmediately);
        var deployments = _objects.List(BuiltInResources.Deployments, null).Items;
        var pods = _objects.List(BuiltInResources.Pods, null).Items;
        var deploymentUids = deployments.Select(Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var pod in pods.Where(p => OwnerUid(p) is { } owner && !deploymentUids.Contains(owner)))
        {
            changed |= DeletePod(pod);
        }

        foreach (var deployment in deployments)
        {
            var owned = pods.Where(p => string.Equals(OwnerUid(p), Uid(deployment), StringComparison.Ordinal)).ToList();
            changed |= ReconcileDeployment(deployment, owned, readyImmediately);
        }

        return changed;
    }

    /// <summary>The kubelet's part: a pending pod becomes Running and Ready once its delay is over.</summary>
    private bool AdvancePods(bool readyImmediately)
    {
        var changed = false;
        var now = _timeProvider.GetUtcNow();
        var pods = _objects.List(BuiltInResources.Pods, null).Items;
        var pending = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods.Where(p => !PodStatuses.IsReady(p)))
        {
            var uid = Uid(pod);
            if (!_readyAt.TryGetValue(uid, out var readyAt))
            {
                readyAt = readyImmediately ? now : now + _podReadyDelay;
                _readyAt[uid] = readyAt;
            }

            if (readyImmediately || now >= readyAt)
            {
                var (podNamespace, podName) = (Namespace(pod), Name(pod));
                changed |= Write(() => _objects.Update(BuiltInResources.Pods, podNamespace, podName, current =>
                {
                    current["status"] = PodStatuses.Running(current, $"10.244.0.{NextPodIp()}", now);
                    return current;
                }, dryRun: false));
                SandboxLog.PodReady(_logger, podNamespace, podName);
            }
            else
            {
                pending.Add(uid);
            }
        }

        foreach (var uid in _readyAt.Keys.Where(k => !pending.Contains(k)).ToList())
        {
            _readyAt.Remove(uid);
        }

        return changed;
    }

    private bool ReconcileDeployment(JsonObject deployment, List<JsonObject> owned, bool readyImmediately)
    {
        var changed = false;
        var desired = (int)(JsonFields.Integer(deployment, "spec", "replicas") ?? 1);
        var template = JsonFields.FindObject(deployment, "spec", "template");
        var hash = PodTemplateHash.Compute(template);
        var current = owned.Where(p => JsonFields.String(p, "metadata", "labels", PodTemplateHash.Label) == hash).ToList();
        var old = owned.Except(current).ToList();

        while (current.Count < desired)
        {
            var created = CreatePod(deployment, template, hash, readyImmediately);
            if (created is null)
            {
                return changed;
            }

            current.Add(created);
            changed = true;
        }

        // Scale down: not-ready pods first, then the youngest.
        foreach (var extra in current
            .OrderBy(p => PodStatuses.IsReady(p))
            .ThenByDescending(p => JsonFields.String(p, "metadata", "creationTimestamp"), StringComparer.Ordinal)
            .Take(current.Count - desired)
            .ToList())
        {
            changed |= DeletePod(extra);
            current.Remove(extra);
        }

        // Roll: old pods go once the new template has enough ready pods.
        if (old.Count > 0 && current.Count(PodStatuses.IsReady) >= desired)
        {
            foreach (var pod in old)
            {
                changed |= DeletePod(pod);
            }

            old.Clear();
        }

        var ready = current.Count(PodStatuses.IsReady) + old.Count(PodStatuses.IsReady);
        var status = DeploymentStatusBuilder.Build(deployment, hash, current.Count, current.Count + old.Count, ready, _timeProvider.GetUtcNow());
        if (!JsonNode.DeepEquals(status, deployment["status"]))
        {
            changed |= Write(() => _objects.Update(BuiltInResources.Deployments, Namespace(deployment), Name(deployment), latest =>
            {
                latest["status"] = status;
                return latest;
            }, dryRun: false));
        }

        return changed;
    }

    private JsonObject? CreatePod(JsonObject deployment, JsonObject? template, string hash, bool readyImmediately)
    {
        var labels = JsonFields.FindObject(template, "metadata", "labels")?.DeepClone() as JsonObject ?? [];
        labels[PodTemplateHash.Label] = hash;
        var metadata = new JsonObject
        {
            ["name"] = $"{Name(deployment)}-{hash}-{Identifiers.RandomSuffix()}",
            ["namespace"] = Namespace(deployment),
            ["labels"] = labels,
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = BuiltInResources.Deployments.ApiVersion,
                ["kind"] = BuiltInResources.Deployments.Kind,
                ["name"] = Name(deployment),
                ["uid"] = Uid(deployment),
                ["controller"] = true,
                ["blockOwnerDeletion"] = true,
            }),
        };
        if (JsonFields.FindObject(template, "metadata", "annotations") is { } annotations)
        {
            metadata["annotations"] = annotations.DeepClone();
        }

        var spec = JsonFields.FindObject(template, "spec")?.DeepClone() as JsonObject ?? [];
        spec["nodeName"] = "sandbox-node";
        var pod = new JsonObject { ["metadata"] = metadata, ["spec"] = spec };
        try
        {
            var created = _objects.Create(BuiltInResources.Pods, Namespace(deployment), pod, dryRun: false);
            var now = _timeProvider.GetUtcNow();
            _readyAt[Uid(created)] = readyImmediately ? now : now + _podReadyDelay;
            var (podNamespace, podName) = (Namespace(created), Name(created));
            SandboxLog.PodCreated(_logger, podNamespace, podName);
            return created;
        }
        catch (ApiException)
        {
            // The namespace is going away, or the template is invalid: nothing to create.
            return null;
        }
    }

    private bool DeletePod(JsonObject pod)
    {
        var (podNamespace, podName) = (Namespace(pod), Name(pod));
        var deleted = Write(() => _objects.Delete(BuiltInResources.Pods, podNamespace, podName, new DeletePreconditions(Uid(pod), null), dryRun: false));
        if (deleted)
        {
            _readyAt.Remove(Uid(pod));
            SandboxLog.PodDeleted(_logger, podNamespace, podName);
        }

        return deleted;
    }

    /// <summary>Runs a write; an object that vanished or changed meanwhile is left to the next pass.</summary>
    private static bool Write(Func<JsonObject> write)
    {
        try
        {
            write();
            return true;
        }
        catch (ApiException)
        {
            return false;
        }
    }

    private int NextPodIp() => Interlocked.Increment(ref _nextPodIp) % 250 + 2;

    private static string Uid(JsonObject obj) => JsonFields.String(obj, "metadata", "uid") ?? string.Empty;

    private static string Name(JsonObject obj) => JsonFields.String(obj, "metadata", "name") ?? string.Empty;

    private static string Namespace(JsonObject obj) => JsonFields.String(obj, "metadata", "namespace") ?? string.Empty;

    private static string? OwnerUid(JsonObject pod) =>
        (JsonFields.FindArray(pod, "metadata", "ownerReferences") ?? [])
            .Where(r => JsonFields.String(r, "kind") == BuiltInResources.Deployments.Kind && r?["controller"]?.GetValue<bool>() == true)
            .Select(r => JsonFields.String(r, "uid"))
            .FirstOrDefault();
}
