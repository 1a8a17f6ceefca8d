using Governance.Host.Auth;
using Governance.Workflows.SafetyCampaign.Incidents;
using Governance.Workflows.SafetyCampaign.Ranking;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Governance.Host.Api;

/// <summary>
/// 三零 registers: safety accidents (事故) and criminal / major public-security cases (案件), kept
/// by the village team at its place, a township official in their township and the administrator;
/// each place's 三零 status per month; and a township's registers of a month as an Excel file.
/// </summary>
public static class IncidentsApi
{
    public static RouteGroupBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/safety").WithTags("三零·事故与案件").RequireAuthorization(AuthExtensions.SafetyCampaign);

        group.MapPost("/accidents", async Task<Created<IncidentView>> (RegisterAccident command, HttpContext http, RegisterAccidentHandler handler, IncidentQueries queries, CancellationToken ct) =>
        {
            var actor = http.User.ToActor();
            var incident = await handler.HandleAsync(command, actor, ct);
            return TypedResults.Created($"/api/safety/accidents/{incident.Id}", await queries.GetAsync(incident.Id, actor, ct));
        })
        .Idempotent()
        .WithSummary("登记安全事故（生产安全、道路交通、火灾、其他；发生时间、地点、等级、死亡与重伤人数、简要经过）。村级联动工作队限本村，镇级领导限本镇")
        .RequireAuthorization(p => p.RequireRole(IncidentRegister.Registrars))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapPost("/cases", async Task<Created<IncidentView>> (RegisterCase command, HttpContext http, RegisterCaseHandler handler, IncidentQueries queries, CancellationToken ct) =>
        {
            var actor = http.User.ToActor();
            var incident = await handler.HandleAsync(command, actor, ct);
            return TypedResults.Created($"/api/safety/cases/{incident.Id}", await queries.GetAsync(incident.Id, actor, ct));
        })
        .Idempotent()
        .WithSummary("登记案件（刑事案件、有重大影响的治安案件；发生时间、地点、简要经过）。村级联动工作队限本村，镇级领导限本镇")
        .RequireAuthorization(p => p.RequireRole(IncidentRegister.Registrars))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden);

        foreach (var (path, kind) in new[] { ("accidents", IncidentKind.Accident), ("cases", IncidentKind.Case) })
        {
            group.MapGet($"/{path}", async Task<Ok<IncidentList>> (int? townshipId, int? placeId, string? month, HttpContext http, IncidentQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.ListAsync(http.User.ToActor(), kind, townshipId, placeId, month, ct)))
                .WithSummary($"{kind.DisplayName()}登记簿（职责范围内，按发生时间倒序；可按镇、村和月份 yyyy-MM 筛选）")
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden);

            group.MapGet($"/{path}/{{id:guid}}", async Task<Results<Ok<IncidentView>, NotFound>> (Guid id, HttpContext http, IncidentQueries queries, CancellationToken ct) =>
                await queries.GetAsync(id, http.User.ToActor(), ct) is { } view && view.Kind == kind ? TypedResults.Ok(view) : TypedResults.NotFound())
                .WithSummary($"一条{kind.DisplayName()}登记");
        }

        group.MapGet("/townships/{id:int}/registers.xlsx", async Task<Results<FileContentHttpResult, NotFound>> (int id, string? month, HttpContext http, IncidentRegisterExport export, CancellationToken ct) =>
            (await export.ExportAsync(http.User.ToActor(), id, month, ct)).Download())
            .WithSummary("按月导出本镇事故、案件登记（Excel .xlsx，事故、案件各一张表，按发生时间，北京时间；month=yyyy-MM）")
            .ProducesReport();

        group.MapGet("/three-zeros", async Task<Results<Ok<TownshipThreeZeros>, NotFound>> (int townshipId, string? month, HttpContext http, ThreeZeroQueries queries, CancellationToken ct) =>
            await queries.MonthAsync(http.User.ToActor(), townshipId, month, ct) is { } status ? TypedResults.Ok(status) : TypedResults.NotFound())
            .WithSummary("各村（社区）、单位某月的三零情况：零上访（当月无越级）、零事故、零案件（按当前登记；月排名另存当时的快照）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        return group;
    }
}
