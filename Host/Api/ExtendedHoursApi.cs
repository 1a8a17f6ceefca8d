using Governance.Engine;
using Governance.Workflows;
using Governance.Host.Auth;
using Governance.Workflows.ServiceHall.ExtendedHours;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Governance.Host.Api;

/// <summary>延时服务: register, close, look up, count.</summary>
public static class ExtendedHoursApi
{
    public sealed record RegisteredResponse(Guid Id, int Version, string State, DateTimeOffset MustEndBy);

    public sealed record CloseRequest(string? Note, int? ExpectedVersion);

    public static RouteGroupBuilder MapExtendedHoursApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/extended-hours").WithTags("延时服务").RequireAuthorization(AuthExtensions.HallStaff);

        group.MapPost("/", async Task<Created<RegisteredResponse>> (RegisterExtendedHours command, HttpContext http, RegisterExtendedHoursHandler handler, CancellationToken ct) =>
        {
            var instance = await handler.HandleAsync(command, http.User.ToActor(), ct);
            var data = instance.GetData<ExtendedHoursData>();
            return TypedResults.Created($"/api/extended-hours/{instance.Id}", new RegisteredResponse(instance.Id, instance.Version, instance.State, data.MustEndBy));
        })
        .Idempotent()
        .WithSummary("登记延时服务（通知中心值班领导）")
        .ProducesValidationProblem();

        group.MapPost("/{id:guid}/serve", (Guid id, CloseRequest body, HttpContext http, CloseExtendedHoursHandler handler, CancellationToken ct) =>
            CloseAsync(new CloseExtendedHours(id, Served: true, body.Note, StepVersion.Required(body.ExpectedVersion)), http, handler, ct))
            .WithSummary("办结");

        group.MapPost("/{id:guid}/withdraw", (Guid id, CloseRequest body, HttpContext http, CloseExtendedHoursHandler handler, CancellationToken ct) =>
            CloseAsync(new CloseExtendedHours(id, Served: false, body.Note, StepVersion.Required(body.ExpectedVersion)), http, handler, ct))
            .WithSummary("撤销（须填写原因）")
            .ProducesValidationProblem();

        group.MapGet("/{id:guid}", async Task<Results<Ok<ExtendedHoursView>, NotFound>> (Guid id, HttpContext http, ExtendedHoursQueries queries, CancellationToken ct) =>
            await queries.GetAsync(id, http.User.ToActor(), ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound())
            .WithSummary("详情与台账");

        group.MapGet("/", async (DateOnly? date, HttpContext http, ExtendedHoursQueries queries, [FromKeyedServices(DomainClock.Key)] TimeProvider clock, CancellationToken ct) =>
            TypedResults.Ok(await queries.ListDayAsync(date ?? Engine.Calendar.ChinaTime.DateOf(clock.GetUtcNow()), http.User.ToActor(), ct)))
            .WithSummary("某日延时服务及统计");

        return group;
    }

    private static Task<IResult> CloseAsync(CloseExtendedHours command, HttpContext http, CloseExtendedHoursHandler handler, CancellationToken ct) =>
        InstanceState.AfterAsync(handler.HandleAsync(command, http.User.ToActor(), ct));
}
