using Governance.Host.Auth;
using Governance.Workflows.SafetyCampaign.Disputes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Governance.Host.Api;

/// <summary>
/// 群众网上反映: a signed-in citizen reports a dispute or petition of their own at the village where
/// it arose, then follows it up the ladder. They read only what they reported, numbers masked.
/// </summary>
public static class MyDisputesApi
{
    public static RouteGroupBuilder MapMyDisputesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/my/disputes").WithTags("三零·群众反映").RequireAuthorization(AuthExtensions.Citizens);

        group.MapPost("/", async Task<Created<InstanceState>> (RegisterDispute command, HttpContext http, RegisterDisputeHandler handler, CancellationToken ct) =>
        {
            var instance = await handler.HandleAsync(command with { Source = DisputeSource.Online }, http.User.ToActor(), ct);
            return TypedResults.Created($"/api/my/disputes/{instance.Id}", InstanceState.Of(instance));
        })
        .Idempotent()
        .WithSummary("反映矛盾纠纷或信访（本人为第一当事人；由所在村联动工作队受理，按村→镇→部门逐级办理）")
        .ProducesValidationProblem();

        group.MapGet("/{id:guid}", async Task<Results<Ok<DisputeView>, NotFound>> (Guid id, HttpContext http, DisputeQueries queries, CancellationToken ct) =>
            await queries.GetAsync(id, http.User.ToActor(), ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound())
            .WithSummary("本人反映事项的办理进度与台账");

        group.MapGet("/", async Task<Ok<DisputeList>> (HttpContext http, DisputeQueries queries, CancellationToken ct) =>
            TypedResults.Ok(await queries.ListAsync(http.User.ToActor(), state: null, DisputeQueries.MaxItems, ct)))
            .WithSummary("本人反映的事项");

        return group;
    }
}
