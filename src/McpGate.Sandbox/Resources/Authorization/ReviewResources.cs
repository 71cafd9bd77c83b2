namespace McpGate.Sandbox.Resources.Authorization;

/// <summary>The create-only review resources kubectl auth whoami / can-i use.</summary>
internal static class ReviewResources
{
    public const string AuthenticationGroup = "authentication.k8s.io";
    public const string AuthorizationGroup = "authorization.k8s.io";

    public static ResourceDefinition SelfSubjectReviews { get; } = Review(AuthenticationGroup, "selfsubjectreviews", "SelfSubjectReview");

    public static ResourceDefinition SelfSubjectAccessReviews { get; } = Review(AuthorizationGroup, "selfsubjectaccessreviews", "SelfSubjectAccessReview");

    public static ResourceDefinition SelfSubjectRulesReviews { get; } = Review(AuthorizationGroup, "selfsubjectrulesreviews", "SelfSubjectRulesReview");

    public static bool IsReview(ResourceDefinition definition) =>
        definition.Behavior is ReviewBehavior;

    private static ResourceDefinition Review(string group, string plural, string kind) => new()
    {
        Group = group,
        Version = "v1",
        Plural = plural,
        Singular = plural[..^1],
        Kind = kind,
        Namespaced = false,
        Behavior = new ReviewBehavior(),
        Verbs = ["create"],
    };
}
