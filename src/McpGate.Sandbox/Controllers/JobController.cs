using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;
using McpGate.Sandbox.Resources.Batch;

namespace McpGate.Sandbox.Controllers;

/// <summary>
/// The job controller: keeps up to parallelism pods running until completions pods have succeeded
/// (the kubelet completes job pods after <see cref="ControllerContext.PodReadyDelay"/>), then marks
/// the job Complete; more than backoffLimit failed pods mark it Failed.
/// </summary>
internal sealed class JobController
{
    private readonly ControllerContext _context;

    public JobController(ControllerContext context)
    {
        _context = context;
    }

    public bool Reconcile()
    {
        var changed = false;
        var pods = _context.List(BuiltInResources.Pods);
        foreach (var job in _context.List(WorkloadResources.Jobs).Where(j => !ObjectMeta.IsTerminating(j)))
        {
            if (JobBehavior.HasCondition(job, "Complete") || JobBehavior.HasCondition(job, "Failed"))
            {
                continue;
            }

            var uid = ObjectMeta.Uid(job);
            var owned = pods.Where(p => ObjectMeta.ControllerUid(p) == uid && !ObjectMeta.IsTerminating(p)).ToList();
            changed |= ReconcileOne(job, owned);
        }

        return changed;
    }

    private bool ReconcileOne(JsonObject job, List<JsonObject> owned)
    {
        var changed = false;
        var completions = (int)(JsonFields.Integer(job, "spec", "completions") ?? 1);
        var parallelism = (int)(JsonFields.Integer(job, "spec", "parallelism") ?? 1);
        var backoffLimit = (int)(JsonFields.Integer(job, "spec", "backoffLimit") ?? 6);
        var suspended = job["spec"]?["suspend"]?.GetValue<bool>() == true;
        var succeeded = owned.Count(p => JsonFields.String(p, "status", "phase") == "Succeeded");
        var failed = owned.Count(p => JsonFields.String(p, "status", "phase") == "Failed");
        var active = owned.Where(p => JsonFields.String(p, "status", "phase") is not ("Succeeded" or "Failed")).ToList();
        var now = Timestamps.Format(_context.Now);
        var status = (JsonFields.FindObject(job, "status")?.DeepClone() as JsonObject) ?? [];
        var complete = succeeded >= completions;
        var failedOut = failed > backoffLimit || PastBackoffLimitOnFailure(job, active, backoffLimit);

        if (!suspended && !complete && !failedOut)
        {
            status["startTime"] ??= now;
            var wanted = Math.Min(parallelism, completions - succeeded) - active.Count;
            for (var i = 0; i < wanted; i++)
            {
                if (PodFactory.Create(_context, WorkloadResources.Jobs, job, JsonFields.FindObject(job, "spec", "template"), $"{ObjectMeta.Name(job)}-{Identifiers.RandomSuffix()}") is not { } created)
                {
                    break;
                }

                active.Add(created);
                changed = true;
            }
        }

        status["active"] = active.Count;
        status["ready"] = active.Count(PodStatuses.IsReady);
        status["terminating"] = 0;
        status["uncountedTerminatedPods"] = new JsonObject();
        SetCount(status, "succeeded", succeeded);
        SetCount(status, "failed", failed);
        if (active.Count == 0)
        {
            status.Remove("active");
        }

        if (complete)
        {
            status["completionTime"] = now;
            status["conditions"] = new JsonArray(
                Condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", now),
                Condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods", now));
            _context.Events.Normal(WorkloadResources.Jobs, job, "job-controller", "Completed", "Job completed");
        }
        else if (failedOut)
        {
            // As the job controller does: a failed job's running pods are deleted.
            foreach (var pod in active)
            {
                changed |= PodFactory.Delete(_context, WorkloadResources.Jobs, job, pod);
            }

            status.Remove("active");
            status["conditions"] = new JsonArray(
                Condition("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now),
                Condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now));
            _context.Events.Warning(WorkloadResources.Jobs, job, "job-controller", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
        }

        changed |= _context.UpdateStatus(WorkloadResources.Jobs, job, status) is not null;
        return changed;
    }

    /// <summary>
    /// restartPolicy OnFailure restarts containers in place, so the job controller counts those
    /// restarts against backoffLimit (any restart when the limit is 0).
    /// </summary>
    private static bool PastBackoffLimitOnFailure(JsonObject job, List<JsonObject> active, int backoffLimit)
    {
        if (JsonFields.String(job, "spec", "template", "spec", "restartPolicy") != "OnFailure")
        {
            return false;
        }

        var restarts = active
            .SelectMany(p => (JsonFields.FindArray(p, "status", "initContainerStatuses") ?? []).Concat(JsonFields.FindArray(p, "status", "containerStatuses") ?? []))
            .Sum(c => JsonFields.Integer(c, "restartCount") ?? 0);
        return backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit;
    }

    private static void SetCount(JsonObject status, string field, int value)
    {
        if (value > 0)
        {
            status[field] = value;
        }
        else
        {
            status.Remove(field);
        }
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastProbeTime"] = now,
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };
}
