using Governance.Host.Auth;
using Governance.Workflows.ServiceHall.HomeVisits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Governance.Host.Api;

/// <summary>
/// 上门服务: request, review, schedule, record, close, cancel, look up, list. Any signed-in
/// person may call; who may do what is the definition's (roles per transition) and the scope's.
/// </summary>
public static class HomeVisitsApi
{
    // Named after the feature: OpenAPI schemas are named by type, and other features have their own "CancelRequest".

    /// <summary>Where a visit stands after a request or a move; <c>DueAt</c> is the current step's limit.</summary>
    public sealed record HomeVisitNoteRequest(string? Note, int? ExpectedVersion);

    public sealed record HomeVisitScheduleRequest(DateTimeOffset? VisitAt, string Staff, string? Note, int? ExpectedVersion);

    public sealed record HomeVisitRecordRequest(string WhatWasDone, HomeVisitOutcome? Outcome, int? Trips, DateTimeOffset? VisitedAt, int? ExpectedVersion);

    public sealed record HomeVisitCancelRequest(string? Reason, int? ExpectedVersion);

    public sealed record HomeVisitPauseRequest(string? Reason, int? ExpectedVersion);

    public static RouteGroupBuilder MapHomeVisitsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/home-visits").WithTags("上门服务").RequireAuthorization();

        group.MapPost("/", async Task<Created<InstanceState>> (RequestHomeVisit command, HttpContext http, RequestHomeVisitHandler handler, CancellationToken ct) =>
        {
            var instance = await handler.HandleAsync(command, http.User.ToActor(), ct);
            return TypedResults.Created($"/api/home-visits/{instance.Id}", InstanceState.Of(instance));
        })
        .Idempotent()
        .RequireAuthorization(p => p.RequireRole(HomeVisitWorkflow.Requesters))
        .WithSummary("申请上门服务（群众本人或窗口工作人员代为申请；通知中心值班领导）")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapPost("/{id:guid}/approve", (Guid id, HomeVisitNoteRequest body, HttpContext http, ReviewHomeVisitHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new ReviewHomeVisit(id, Approve: true, body.Note, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("审核通过（中心值班领导）");

        group.MapPost("/{id:guid}/reject", (Guid id, HomeVisitNoteRequest body, HttpContext http, ReviewHomeVisitHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new ReviewHomeVisit(id, Approve: false, body.Note, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("审核不通过（中心值班领导，须填写原因）")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/schedule", (Guid id, HomeVisitScheduleRequest body, HttpContext http, ScheduleHomeVisitHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new ScheduleHomeVisit(id, body.VisitAt, body.Staff, body.Note, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("安排上门或改期（上门时间须晚于当前时间）")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/record", (Guid id, HomeVisitRecordRequest body, HttpContext http, RecordHomeVisitHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new RecordHomeVisit(id, body.WhatWasDone, body.Outcome, body.Trips, body.VisitedAt, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("填写上门记录")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/close", (Guid id, HomeVisitNoteRequest body, HttpContext http, CloseHomeVisitHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new CloseHomeVisit(id, body.Note, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("办结（中心值班领导）")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/cancel", (Guid id, HomeVisitCancelRequest body, HttpContext http, CancelHomeVisitHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new CancelHomeVisit(id, body.Reason, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("撤回（申请人本人或工作人员，须填写原因）")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/clock/pause", (Guid id, HomeVisitPauseRequest body, HttpContext http, PauseHomeVisitClockHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new PauseHomeVisitClock(id, body.Reason, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("补正：通知申请人补充材料，暂停本环节计时（待审核、待安排上门；须填写所缺材料）")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/clock/resume", (Guid id, HomeVisitNoteRequest body, HttpContext http, ResumeHomeVisitClockHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new ResumeHomeVisitClock(id, body.Note, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("材料已补齐，恢复计时（剩余工作日自恢复时起按节假日安排顺延）")
            .ProducesValidationProblem();

        group.MapGet("/{id:guid}", async Task<Results<Ok<HomeVisitView>, NotFound>> (Guid id, HttpContext http, HomeVisitQueries queries, CancellationToken ct) =>
            await queries.GetAsync(id, http.User.ToActor(), ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound())
            .WithSummary("详情与台账（电话、身份证号脱敏）");

        group.MapGet("/", async Task<Ok<HomeVisitList>> (string? state, int? limit, HttpContext http, HomeVisitQueries queries, CancellationToken ct) =>
            TypedResults.Ok(await queries.ListAsync(http.User.ToActor(), state, limit ?? 100, ct)))
            .WithSummary("职责范围内的上门服务（群众只见本人申请），含在办与超期数")
            .ProducesValidationProblem();

        return group;
    }
}
