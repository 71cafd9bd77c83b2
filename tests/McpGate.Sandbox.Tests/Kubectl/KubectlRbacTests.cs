using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Kubectl;

/// <summary>
/// Roles, ClusterRoles, their bindings and PersistentVolumeClaims through the real kubectl: served by
/// discovery, created, printed with the server's columns, refused with kube-apiserver's field errors, and
/// left unstored by a server-side dry run.
/// </summary>
public sealed class KubectlRbacTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public KubectlRbacTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [KubectlFact]
    public async Task ApiResources_ListRbacKindsAndClaims()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var rbac = await kubectl.RunAsync("api-resources", "--api-group", "rbac.authorization.k8s.io", "-o", "name");
        var claims = await kubectl.RunAsync("api-resources", "--api-group", "", "--namespaced=true", "-o", "name");

        rbac.ExitCode.Should().Be(0, rbac.Stderr);
        rbac.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().BeEquivalentTo(
            "clusterrolebindings.rbac.authorization.k8s.io", "clusterroles.rbac.authorization.k8s.io",
            "rolebindings.rbac.authorization.k8s.io", "roles.rbac.authorization.k8s.io");
        claims.Stdout.Split('\n').Should().Contain("persistentvolumeclaims");
    }

    [KubectlTheory]
    [InlineData("role.rules.verbs", "Verbs is a list of Verbs")]
    [InlineData("clusterrolebinding.roleRef", "RoleRef can only reference a ClusterRole")]
    [InlineData("pvc.spec.resources.requests", "Requests describes the minimum amount")]
    public async Task Explain_NewKinds_DescribeTheirFields(string field, string expected)
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var explain = await kubectl.RunAsync("explain", field);

        explain.ExitCode.Should().Be(0, explain.Stderr);
        explain.Stdout.Should().Contain(expected);
    }

    [KubectlFact]
    public async Task Apply_RolesBindingsAndClaim_CreatesThemAndGetPrintsServerColumns()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var file = await kubectl.WriteFileAsync("rbac.yaml", Rbac("applied", "demo"));

        var apply = await kubectl.RunAsync("apply", "-f", file);
        var bindings = await kubectl.RunAsync("get", "rolebinding", "applied", "-n", "demo");
        var clusterBindings = await kubectl.RunAsync("get", "clusterrolebinding", "applied");
        var claim = await kubectl.RunAsync("get", "pvc", "applied", "-n", "demo");
        var verbs = await kubectl.RunAsync("get", "role", "applied", "-n", "demo", "-o", "jsonpath={.rules[0].verbs}");
        var subject = await kubectl.RunAsync("get", "clusterrolebinding", "applied", "-o", "jsonpath={.subjects[0].namespace}/{.subjects[0].name}");

        apply.ExitCode.Should().Be(0, apply.Stderr);
        apply.Stdout.Should().Contain("role.rbac.authorization.k8s.io/applied created")
            .And.Contain("rolebinding.rbac.authorization.k8s.io/applied created")
            .And.Contain("clusterrole.rbac.authorization.k8s.io/applied created")
            .And.Contain("clusterrolebinding.rbac.authorization.k8s.io/applied created")
            .And.Contain("persistentvolumeclaim/applied created");
        bindings.Stdout.Should().MatchRegex(@"NAME\s+ROLE\s+AGE").And.MatchRegex(@"applied\s+Role/applied\s+");
        clusterBindings.Stdout.Should().MatchRegex(@"applied\s+ClusterRole/applied\s+");
        claim.Stdout.Should().MatchRegex(@"NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+AGE").And.MatchRegex(@"applied\s+Pending\s+");
        verbs.Stdout.Should().Be("""["get","patch"]""");
        subject.Stdout.Should().Be("gates/gate");
    }

    [KubectlFact]
    public async Task ApplyDryRunServer_RbacAndClaim_StoresNothing()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var file = await kubectl.WriteFileAsync("dry.yaml", Rbac("dry", "staging"));

        var apply = await kubectl.RunAsync("apply", "--dry-run=server", "-f", file);
        var stored = await kubectl.RunAsync("get", "-f", file, "--ignore-not-found", "-o", "name");

        apply.ExitCode.Should().Be(0, apply.Stderr);
        apply.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(5).And.OnlyContain(l => l.EndsWith(" created (server dry run)", StringComparison.Ordinal));
        stored.ExitCode.Should().Be(0, stored.Stderr);
        stored.Stdout.Should().BeEmpty();
    }

    public static TheoryData<string, string> InvalidObjects => new()
    {
        {
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: noverbs, namespace: demo}\nrules: [{apiGroups: [''], resources: [pods]}]",
            "rules[0].verbs: Required value"
        },
        {
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: nogroups, namespace: demo}\nrules: [{resources: [pods], verbs: [get]}]",
            "rules[0].apiGroups: Required value"
        },
        {
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: urls, namespace: demo}\nrules: [{nonResourceURLs: [/healthz], verbs: [get]}]",
            "namespaced rules cannot apply to non-resource URLs"
        },
        {
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: torole}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: x}\nsubjects: [{kind: User, name: alice}]",
            "roleRef.kind: Unsupported value"
        },
        {
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: nsless}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: x}\nsubjects: [{kind: ServiceAccount, name: gate}]",
            "subjects[0].namespace: Required value"
        },
        {
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: robot, namespace: demo}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: x}\nsubjects: [{kind: Robot, name: r2}]",
            "subjects[0].kind: Unsupported value"
        },
        {
            "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: nosize, namespace: demo}\nspec: {accessModes: [ReadWriteOnce]}",
            "spec.resources[storage]: Required value"
        },
        {
            "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: nomode, namespace: demo}\nspec: {resources: {requests: {storage: 1Gi}}}",
            "spec.accessModes: Required value"
        },
    };

    [KubectlTheory]
    [MemberData(nameof(InvalidObjects))]
    public async Task Apply_InvalidObject_IsRefusedNamingTheFieldAndNotStored(string yaml, string expected)
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var file = await kubectl.WriteFileAsync("invalid.yaml", yaml);

        var apply = await kubectl.RunAsync("apply", "-f", file);
        var stored = await kubectl.RunAsync("get", "-f", file, "--ignore-not-found", "-o", "name");

        apply.ExitCode.Should().NotBe(0);
        apply.Stderr.Should().Contain("is invalid").And.Contain(expected);
        stored.Stdout.Should().BeEmpty();
    }

    private static string Rbac(string name, string ns) => $"""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {"{"}name: {name}, namespace: {ns}{"}"}
        rules:
          - {"{"}apiGroups: [apps], resources: [deployments], verbs: [get, patch]{"}"}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {"{"}name: {name}, namespace: {ns}{"}"}
        roleRef: {"{"}apiGroup: rbac.authorization.k8s.io, kind: Role, name: {name}{"}"}
        subjects: [{"{"}kind: ServiceAccount, name: gate, namespace: gates{"}"}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {"{"}name: {name}{"}"}
        rules:
          - {"{"}apiGroups: [''], resources: [nodes], verbs: [get, list]{"}"}
          - {"{"}nonResourceURLs: [/healthz], verbs: [get]{"}"}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {"{"}name: {name}{"}"}
        roleRef: {"{"}apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {name}{"}"}
        subjects: [{"{"}kind: ServiceAccount, name: gate, namespace: gates{"}"}]
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {"{"}name: {name}, namespace: {ns}{"}"}
        spec: {"{"}accessModes: [ReadWriteOnce], resources: {"{"}requests: {"{"}storage: 1Gi{"}"}{"}"}{"}"}
        """;
}
