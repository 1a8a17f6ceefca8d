using Governance.Host.Auth;
using Governance.Workflows.Privacy;
using Governance.Workflows.SafetyCampaign.Disputes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Governance.Host.Api;

/// <summary>
/// 三零 矛盾纠纷与信访: register, escalate (事权), deliver (代办), joint handling (主办/协办), extend, resolve, follow up (回访),
/// look up, list. Who may do what is the definition's (roles per transition) and the scope's: a
/// village team its village, a township official their township, a department what is assigned
/// to it, a proxy handler and the administrator the city.
/// </summary>
public static class DisputesApi
{
    /// <summary>Where a matter stands after a registration or a move; <c>DueAt</c> is the current level's (or the follow-up's) limit.</summary>
    public sealed record DisputeReasonRequest(string? Reason, int? ExpectedVersion);

    public sealed record DisputeDeliverRequest(int? DepartmentId, string? Note, int? ExpectedVersion);

    public sealed record DisputeReferRequest(int? DepartmentId, string? Reason, int? ExpectedVersion);

    public sealed record DisputeReferJointRequest(int? LeadDepartmentId, IReadOnlyList<int>? AssistingDepartmentIds, string? Reason, int? ExpectedVersion);

    public sealed record JointPartFinishRequest(string? Note, int? ExpectedVersion);

    public sealed record DisputeExtendRequest(double? WorkingDays, string? Reason, string? Notice, int? ExpectedVersion);

    public sealed record DisputeResolveRequest(string? Resolution, int? ExpectedVersion);

    public sealed record DisputeFollowUpRequest(bool? Satisfied, string? Note, int? ExpectedVersion);

    public sealed record RevealRequest(PersonalField Field);

    public sealed record Revealed(string Value);

    public static RouteGroupBuilder MapDisputesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/disputes").WithTags("三零·矛盾纠纷与信访").RequireAuthorization(AuthExtensions.SafetyCampaign);

        group.MapPost("/", async Task<Created<InstanceState>> (RegisterDispute command, HttpContext http, RegisterDisputeHandler handler, CancellationToken ct) =>
        {
            var instance = await handler.HandleAsync(command, http.User.ToActor(), ct);
            return TypedResults.Created($"/api/disputes/{instance.Id}", InstanceState.Of(instance));
        })
        .Idempotent()
        .RequireAuthorization(p => p.RequireRole(DisputeWorkflow.Registrars))
        .WithSummary("登记矛盾纠纷或信访（村联动工作队、镇级领导、管理员；越级到镇、到市的从到达的一级开始并通知镇级领导）")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapPost("/{id:guid}/escalate", (Guid id, DisputeReasonRequest body, HttpContext http, EscalateDisputeHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new EscalateDispute(id, body.Reason, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("事权不在本级，上报（村→镇，镇→代办送交市直部门；须填写理由）")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/refer", (Guid id, DisputeReferRequest body, HttpContext http, ReferDisputeHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new ReferDispute(id, body.DepartmentId, body.Reason, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("事权在市直部门，镇按程序转交（默认为对该类事项有事权的部门；须填写理由）")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/refer-joint", (Guid id, DisputeReferJointRequest body, HttpContext http, ReferJointHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new ReferJoint(id, body.LeadDepartmentId, body.AssistingDepartmentIds, body.Reason, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("须多个部门办理，镇指定主办部门和一个或多个协办部门（各有办理时限；须填写理由），全部办结后转回访")
            .ProducesValidationProblem();

        group.MapGet("/{id:guid}/joint", async Task<Results<Ok<IReadOnlyList<JointPartView>>, NotFound>> (Guid id, HttpContext http, JointHandlingQueries queries, CancellationToken ct) =>
            await queries.OfAsync(id, http.User.ToActor(), ct) is { } parts ? TypedResults.Ok(parts) : TypedResults.NotFound())
            .WithSummary("联合办理的各部门（主办、协办）及其状态、时限、是否超期（部门只看到本部门的一项）");

        group.MapPost("/joint/{id:guid}/finish", (Guid id, JointPartFinishRequest body, HttpContext http, FinishJointPartHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new FinishJointPart(id, body.Note, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("联合办理：本部门办结（须填写办理情况；只能办结本部门的一项）")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/deliver", (Guid id, DisputeDeliverRequest body, HttpContext http, DeliverDisputeHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new DeliverDispute(id, body.DepartmentId, body.Note, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("代办员送达部门（默认为对该类事项有事权的部门）")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/extend", (Guid id, DisputeExtendRequest body, HttpContext http, ExtendDisputeHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new ExtendDispute(id, body.WorkingDays, body.Reason, body.Notice, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("批准延期（村、镇级由镇级领导，部门级由部门；申请人未留邮箱时须填写告知方式）")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/resolve", (Guid id, DisputeResolveRequest body, HttpContext http, ResolveDisputeHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new ResolveDispute(id, body.Resolution, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("化解（当前层级；须填写化解情况）")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/follow-up", (Guid id, DisputeFollowUpRequest body, HttpContext http, FollowUpDisputeHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new FollowUpDispute(id, body.Satisfied, body.Note, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("回访（满意则办结；不满意须说明，由化解的一级重办）")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/parties/{party:int}/reveal", async Task<Ok<Revealed>> (Guid id, int party, RevealRequest body, HttpContext http, RevealPersonalDataHandler reveal, CancellationToken ct) =>
            TypedResults.Ok(new Revealed(await reveal.HandleAsync(new RevealPersonalData(RevealSubject.Dispute, id, body.Field, party), http.User.ToActor(), ct))))
            .RequireAuthorization(p => p.RequireRole(DisputePartyRevealSource.DisputeHandlers))
            .WithSummary("显示当事人的完整电话或身份证号（村联动工作队、代办员，在办事项；每次查看都留记录）")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/{id:guid}", async Task<Results<Ok<DisputeView>, NotFound>> (Guid id, HttpContext http, DisputeQueries queries, CancellationToken ct) =>
            await queries.GetAsync(id, http.User.ToActor(), ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound())
            .WithSummary("详情与台账（电话、身份证号仅对村联动工作队和代办员完整显示）");

        group.MapGet("/", async Task<Ok<DisputeList>> (string? state, int? limit, HttpContext http, DisputeQueries queries, CancellationToken ct) =>
            TypedResults.Ok(await queries.ListAsync(http.User.ToActor(), state, limit ?? 100, ct)))
            .WithSummary("职责范围内的事项，含在办与超期数")
            .ProducesValidationProblem();

        return group;
    }
}
