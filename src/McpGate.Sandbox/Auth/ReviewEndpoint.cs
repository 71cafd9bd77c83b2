using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;
using McpGate.Sandbox.Resources.Authorization;
using Microsoft.AspNetCore.Http;

namespace McpGate.Sandbox.Auth;

/// <summary>
/// SelfSubjectReview (kubectl auth whoami), SelfSubjectAccessReview (kubectl auth can-i) and
/// SelfSubjectRulesReview (kubectl auth can-i --list), answered from the caller's role.
/// </summary>
internal static class ReviewEndpoint
{
    public static async Task HandleAsync(HttpContext context, ResourceDefinition definition, SandboxUser user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            throw new ApiException(ApiErrors.MethodNotAllowed());
        }

        var body = await HttpJson.ReadObjectAsync(context, cancellationToken).ConfigureAwait(false);
        var spec = body["spec"] as JsonObject ?? [];
        JsonObject status;
        if (definition == ReviewResources.SelfSubjectReviews)
        {
            status = new JsonObject { ["userInfo"] = UserInfo(user) };
        }
        else if (definition == ReviewResources.SelfSubjectAccessReviews)
        {
            status = Access(user, spec);
        }
        else
        {
            status = Rules(user);
        }

        var response = new JsonObject
        {
            ["kind"] = definition.Kind,
            ["apiVersion"] = definition.ApiVersion,
            ["metadata"] = new JsonObject { ["creationTimestamp"] = Timestamps.Format(now) },
            ["spec"] = spec.DeepClone(),
            ["status"] = status,
        };
        await HttpJson.WriteAsync(context, 201, response, cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject UserInfo(SandboxUser user) => new()
    {
        ["username"] = user.Name,
        ["groups"] = new JsonArray(user.Groups.Select(g => (JsonNode?)g).ToArray()),
    };

    private static JsonObject Access(SandboxUser user, JsonObject spec)
    {
        bool allowed;
        if (spec["resourceAttributes"] is JsonObject attributes)
        {
            var resource = JsonFields.String(attributes, "resource") ?? string.Empty;
            allowed = Authorizer.IsAllowed(user, JsonFields.String(attributes, "verb") ?? string.Empty, JsonFields.String(attributes, "group") ?? string.Empty, resource);
        }
        else
        {
            var verb = JsonFields.String(spec, "nonResourceAttributes", "verb") ?? string.Empty;
            allowed = user.Role == SandboxRole.ClusterAdmin || verb is "get" or "head";
        }

        var status = new JsonObject { ["allowed"] = allowed };
        if (allowed)
        {
            status["reason"] = Authorizer.Reason(user);
        }

        return status;
    }

    private static JsonObject Rules(SandboxUser user)
    {
        JsonArray resourceRules;
        JsonArray nonResourceRules;
        if (user.Role == SandboxRole.ClusterAdmin)
        {
            resourceRules = new JsonArray(new JsonObject { ["verbs"] = new JsonArray("*"), ["apiGroups"] = new JsonArray("*"), ["resources"] = new JsonArray("*") });
            nonResourceRules = new JsonArray(new JsonObject { ["verbs"] = new JsonArray("*"), ["nonResourceURLs"] = new JsonArray("*") });
        }
        else
        {
            resourceRules = new JsonArray(
                new JsonObject { ["verbs"] = new JsonArray("create"), ["apiGroups"] = new JsonArray(ReviewResources.AuthorizationGroup), ["resources"] = new JsonArray("selfsubjectaccessreviews", "selfsubjectrulesreviews") },
                new JsonObject { ["verbs"] = new JsonArray("get", "list", "watch"), ["apiGroups"] = new JsonArray("*"), ["resources"] = new JsonArray("*") });
            nonResourceRules = new JsonArray(new JsonObject { ["verbs"] = new JsonArray("get"), ["nonResourceURLs"] = new JsonArray("/api", "/api/*", "/apis", "/apis/*", "/version", "/openapi", "/openapi/*") });
        }

        return new JsonObject
        {
            ["resourceRules"] = resourceRules,
            ["nonResourceRules"] = nonResourceRules,
            ["incomplete"] = false,
            ["evaluationError"] = user.Role == SandboxRole.View ? "the view role excludes secrets, which a rules list cannot express" : null,
        };
    }
}
