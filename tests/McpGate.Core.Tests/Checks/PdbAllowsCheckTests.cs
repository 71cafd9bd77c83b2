using McpGate.Core.Changes;
using System.Text.Json.Nodes;
using McpGate.Core.Checks;

namespace McpGate.Core.Tests.Checks;

[Collection(CheckSandboxGroup.Name)]
public sealed class PdbAllowsCheckTests(CheckSandbox sandbox)
{
    [Fact]
    public async Task Run_NoBudgetSelectsThePods_Passes()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.CreateDeploymentAsync(ns, "web", 2);
        await sandbox.CreateBudgetAsync(ns, "other", "api", 1);

        var record = await new PdbAllowsCheck().RunAsync(await sandbox.ContextAsync(CheckSandbox.Deployment(ns, "web"), CheckSandbox.Replicas(0)));

        record.Status.Should().Be(CheckStatus.Pass);
        record.Detail.Should().Be("no PodDisruptionBudget selects the pods");
        record.EvidenceDigest.Should().Be(Verdict.Digest(new JsonObject
        {
            ["podLabels"] = new JsonObject { ["app"] = "web" },
            ["disrupted"] = 2,
            ["budgets"] = new JsonArray(),
        }));
    }

    [Fact]
    public async Task Run_ScaleDownWithinDisruptionsAllowed_Passes()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.CreateDeploymentAsync(ns, "web", 4);
        await sandbox.CreateBudgetAsync(ns, "web-pdb", "web", 3);

        var record = await new PdbAllowsCheck().RunAsync(await sandbox.ContextAsync(CheckSandbox.Deployment(ns, "web"), CheckSandbox.Replicas(3)));

        record.Status.Should().Be(CheckStatus.Pass);
        record.Detail.Should().Be("1 pod(s) disrupted at once is within PodDisruptionBudget(s) \"web-pdb\" allows 1");
        record.EvidenceDigest.Should().Be(Verdict.Digest(new JsonObject
        {
            ["podLabels"] = new JsonObject { ["app"] = "web" },
            ["disrupted"] = 1,
            ["budgets"] = new JsonArray(new JsonObject { ["name"] = "web-pdb", ["disruptionsAllowed"] = 1 }),
        }));
    }

    [Fact]
    public async Task Run_ScaleDownBeyondDisruptionsAllowed_Fails()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.CreateDeploymentAsync(ns, "web", 4);
        await sandbox.CreateBudgetAsync(ns, "web-pdb", "web", 3);

        var record = await new PdbAllowsCheck().RunAsync(await sandbox.ContextAsync(CheckSandbox.Deployment(ns, "web"), CheckSandbox.Replicas(1)));

        record.Status.Should().Be(CheckStatus.Fail);
        record.Detail.Should().Be("3 pod(s) disrupted at once (scale-down removes 3 pod(s) (replicas 4 -> 1)) exceeds PodDisruptionBudget(s) \"web-pdb\" (disruptionsAllowed 1)");
    }

    [Fact]
    public async Task Run_RollingUpdateWhenTheBudgetAllowsNone_Fails()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.CreateDeploymentAsync(ns, "web", 2, strategy: new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = 1 } });
        await sandbox.CreateBudgetAsync(ns, "web-pdb", "web", 2);

        var record = await new PdbAllowsCheck().RunAsync(await sandbox.ContextAsync(CheckSandbox.Deployment(ns, "web"), CheckSandbox.Image("web", "nginx:1.28")));

        record.Status.Should().Be(CheckStatus.Fail);
        record.Detail.Should().Be("1 pod(s) disrupted at once (pod template changes: rolling update, maxUnavailable 1 = 1 pod(s) at a time (replicas stay 2)) exceeds PodDisruptionBudget(s) \"web-pdb\" (disruptionsAllowed 0)");
    }

    [Fact]
    public async Task Run_ScaleUp_PassesNamingTheBudget()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.CreateDeploymentAsync(ns, "web", 2);
        await sandbox.CreateBudgetAsync(ns, "web-pdb", "web", 2);

        var record = await new PdbAllowsCheck().RunAsync(await sandbox.ContextAsync(CheckSandbox.Deployment(ns, "web"), CheckSandbox.Replicas(5)));

        record.Status.Should().Be(CheckStatus.Pass);
        record.Detail.Should().Be("the change takes no pod away at once (no pod is removed or replaced (replicas 2 -> 5)); PodDisruptionBudget(s): \"web-pdb\" allows 0");
    }
}
