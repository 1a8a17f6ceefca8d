using Governance.Host.Auth;
using Governance.Workflows.Reports;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Governance.Host.Api;

/// <summary>三零 for the township: the organisation (towns, villages and their linkage rosters, departments and their 事权), the alerts, and the monthly 台账 export (CSV and Excel).</summary>
public static class SafetyCampaignApi
{
    public static RouteGroupBuilder MapSafetyCampaignApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/safety").WithTags("三零·组织、预警与台账").RequireAuthorization(AuthExtensions.SafetyCampaign);

        group.MapGet("/townships", async Task<Ok<IReadOnlyList<TownshipSummary>>> (OrganisationQueries queries, CancellationToken ct) =>
            TypedResults.Ok(await queries.TownshipsAsync(ct)))
            .WithSummary("镇（乡、街道）及其村（社区）数、第一书记数、镇级领导");

        group.MapGet("/townships/{id:int}/places", async Task<Results<Ok<IReadOnlyList<PlaceView>>, NotFound>> (int id, OrganisationQueries queries, CancellationToken ct) =>
            await queries.PlacesAsync(id, ct) is { } places ? TypedResults.Ok(places) : TypedResults.NotFound())
            .WithSummary("一个镇的村（社区）和单位，及其“一村一警一员一连+N”联动名册");

        group.MapGet("/departments", async Task<Ok<IReadOnlyList<DepartmentView>>> (OrganisationQueries queries, CancellationToken ct) =>
            TypedResults.Ok(await queries.DepartmentsAsync(ct)))
            .WithSummary("市直部门及其事权");

        group.MapGet("/alerts", async Task<Ok<IReadOnlyList<DisputeAlert>>> (int? townshipId, DateTimeOffset? since, int? limit, HttpContext http, DisputeAlerts alerts, CancellationToken ct) =>
            TypedResults.Ok(await alerts.ListAsync(http.User.ToActor(), townshipId, since, limit ?? 100, ct)))
            .WithSummary("预警：临期（黄）、超期（红）、上报、越级（镇级领导只见本镇）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        foreach (var (extension, format, summary) in new[]
        {
            ("csv", ReportFormat.Csv, "按月导出本镇台账（CSV，UTF-8 带 BOM，Excel 可直接打开；month=yyyy-MM）"),
            ("xlsx", ReportFormat.Xlsx, "按月导出本镇台账（Excel .xlsx，与 CSV 同样的行；month=yyyy-MM，北京时间）"),
        })
        {
            group.MapGet($"/townships/{{id:int}}/ledger.{extension}", async Task<Results<FileContentHttpResult, NotFound>> (int id, string? month, HttpContext http, DisputeLedgerExport export, CancellationToken ct) =>
                (await export.ExportAsync(http.User.ToActor(), id, month, format, ct)).Download())
                .WithSummary(summary)
                .ProducesReport();
        }

        return group;
    }
}
