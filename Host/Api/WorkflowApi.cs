using Governance.Host.Auth;
using Governance.Workflows;
using Governance.Engine.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Governance.Host.Api;

/// <summary>The engine itself: definitions and their diagrams, and work queues.</summary>
public static class WorkflowApi
{
    public sealed record DefinitionSummary(string Name, int Version, string DisplayName, IEnumerable<string> States);

    public static RouteGroupBuilder MapWorkflowApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/workflows").WithTags("流程").RequireAuthorization();

        group.MapGet("/definitions", (WorkflowRegistry registry) =>
            TypedResults.Ok(registry.Latest.Select(d => new DefinitionSummary(d.Name, d.Version, d.DisplayName, d.States.Keys))))
            .WithSummary("流程定义");

        group.MapGet("/definitions/{name}/diagram", Results<ContentHttpResult, NotFound> (string name, string? current, WorkflowRegistry registry) =>
            Diagram(registry, registry.FindLatest(name), current))
            .WithSummary("流程图（Mermaid，由定义生成；最新版本）");

        // A running instance keeps the version it started on: its diagram is that version's.
        group.MapGet("/definitions/{name}/versions/{version:int}/diagram", Results<ContentHttpResult, NotFound> (string name, int version, string? current, WorkflowRegistry registry) =>
            Diagram(registry, registry.Find(name, version), current))
            .WithSummary("某一版本的流程图（Mermaid，由定义生成）");

        // A queue is named by the org unit it serves (a window: hall/1/window/3), so scope decides who may use it.
        var queues = app.MapGroup("/api/work-queues").WithTags("待办队列").RequireAuthorization(AuthExtensions.Workers);

        queues.MapPost("/claim-next", async Task<Results<Ok<WorkItem>, NoContent, ForbidHttpResult>> (string queue, HttpContext http, WorkQueue work, CancellationToken ct) =>
        {
            var actor = http.User.ToActor();
            if (!MayUse(actor, queue))
            {
                return TypedResults.Forbid();
            }

            return await work.ClaimNextAsync([queue], actor.Id, ct) is { } item ? TypedResults.Ok(item) : TypedResults.NoContent();
        })
        .WithSummary("领取下一项（原子操作，两人不会领到同一项）");

        queues.MapGet("/", async Task<Results<Ok<IReadOnlyList<WorkItem>>, ForbidHttpResult>> (string queue, HttpContext http, WorkQueue work, CancellationToken ct) =>
            MayUse(http.User.ToActor(), queue) ? TypedResults.Ok(await work.ListOpenAsync([queue], 200, ct)) : TypedResults.Forbid())
            .WithSummary("队列中的待办");

        return group;
    }

    private static Results<ContentHttpResult, NotFound> Diagram(WorkflowRegistry registry, WorkflowDefinition? d, string? current) =>
        d is null
            ? TypedResults.NotFound()
            : TypedResults.Text(current is null || !d.States.ContainsKey(current) ? d.Mermaid(registry.Roles) : d.MermaidWithCurrent(registry.Roles, current), "text/vnd.mermaid; charset=utf-8");

    /// <summary>
    /// A queue within the actor's scope and of their domain: a hall's queues (<c>hall/…</c>) are its
    /// staff's and lead's, the others the 三零 roles' (whose city-wide scope, the proxy handler's,
    /// must not reach a hall); the administrator's reach all.
    /// </summary>
    private static bool MayUse(Actor actor, string queue) =>
        actor.CanSee(queue)
        && (actor.Role == Roles.Admin || queue.StartsWith("hall/", StringComparison.Ordinal) == (actor.Role is Roles.WindowStaff or Roles.HallLead));
}
