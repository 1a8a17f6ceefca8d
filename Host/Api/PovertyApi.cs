using Governance.Engine;
using Governance.Host.Auth;
using Governance.Workflows;
using Governance.Workflows.Lists;
using Governance.Workflows.PovertyMonitoring;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Governance.Host.Api;

/// <summary>
/// 防返贫动态监测: screening imports (administrator), reports (干部排查, 自主申报), the steps of a
/// warning, the lists, the 应纳尽纳 figures. Who may take which step is the definition's (roles per
/// transition) and the scope's; a warning out of reach is not found.
/// </summary>
public static class PovertyApi
{
    public sealed record PovertyVerifyRequest(string? Findings, bool? RecommendInclusion, int? ExpectedVersion);

    public sealed record PovertyReviewRequest(MonitoredKind? Kind, string? Reason, int? ExpectedVersion);

    public sealed record PovertyPlanRequest(IReadOnlyList<MeasureInput>? Measures, int? ExpectedVersion);

    public sealed record PovertyNoteRequest(string? Note, int? ExpectedVersion);

    public sealed record PovertyReasonRequest(string? Reason, int? ExpectedVersion);

    /// <summary>The types a screening file is sent as: a form cannot post them across sites, so the raw upload needs no antiforgery token.</summary>
    private static readonly string[] FileTypes = ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"];

    public static RouteGroupBuilder MapPovertyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/poverty").WithTags("防返贫动态监测").RequireAuthorization();

        group.MapPost("/imports", async Task<Ok<ImportSummary>> (ScreeningSource? source, string? month, string? fileName, HttpRequest request, ImportScreeningHandler handler, IOptions<PovertyOptions> options, CancellationToken ct) =>
        {
            new Validation()
                .Check(request.ContentType is { } type && FileTypes.Any(t => type.StartsWith(t, StringComparison.OrdinalIgnoreCase)), "file", "请以 text/csv 或 .xlsx 的类型（Content-Type）发送文件内容")
                .ThrowIfInvalid();
            var content = await ReadBodyAsync(request, options.Value.MaxFileBytes, ct);
            return TypedResults.Ok(await handler.HandleAsync(new ImportScreening(source, month, fileName, content), request.HttpContext.User.ToActor(), ct));
        })
        .RequireAuthorization(p => p.RequireRole(Roles.Admin))
        .WithSummary("导入一个月的筛查文件（管理员；source=MedicalInsurance 医保 或 Education 教育，month=yyyy-MM，请求体为 UTF-8 CSV 或 .xlsx）；同一文件再次导入不重复预警")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/imports", async Task<Ok<IReadOnlyList<ImportSummary>>> (HttpContext http, PovertyQueries queries, CancellationToken ct) =>
            TypedResults.Ok(await queries.ImportsAsync(http.User.ToActor(), 50, ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("最近的导入记录（管理员）");

        group.MapPost("/reports", async Task<Created<InstanceState>> (ReportHousehold command, HttpContext http, ReportHouseholdHandler handler, CancellationToken ct) =>
        {
            var instance = await handler.HandleAsync(command, http.User.ToActor(), ct);
            return TypedResults.Created($"/api/poverty/warnings/{instance.Id}", InstanceState.Of(instance));
        })
        .Idempotent()
        .RequireAuthorization(p => p.RequireRole(ReportHouseholdHandler.Reporters))
        .WithSummary("申报监测对象：干部排查（村联动工作队、镇级领导）或群众自主申报")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/warnings/{id:guid}/verify", (Guid id, PovertyVerifyRequest body, HttpContext http, VerifyHouseholdHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new VerifyHousehold(id, body.Findings, body.RecommendInclusion, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("入户核实（村联动工作队）").ProducesValidationProblem();

        group.MapPost("/warnings/{id:guid}/include", (Guid id, PovertyReviewRequest body, HttpContext http, ReviewWarningHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new ReviewWarning(id, Include: true, body.Kind, body.Reason, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("纳入监测（镇级领导，须选择监测户类型并填写理由）").ProducesValidationProblem();

        group.MapPost("/warnings/{id:guid}/exclude", (Guid id, PovertyReasonRequest body, HttpContext http, ReviewWarningHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new ReviewWarning(id, Include: false, null, body.Reason, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("不纳入监测（镇级领导，须填写理由）").ProducesValidationProblem();

        group.MapPost("/warnings/{id:guid}/plan", (Guid id, PovertyPlanRequest body, HttpContext http, PlanAssistanceHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new PlanAssistance(id, body.Measures, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("制定帮扶计划（一户一策；每项措施有责任单位和完成日期）").ProducesValidationProblem();

        group.MapPost("/warnings/{id:guid}/follow-up", (Guid id, PovertyNoteRequest body, HttpContext http, FollowUpHouseholdHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new FollowUpHousehold(id, body.Note, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("月度回访（下次回访时限重新计时）").ProducesValidationProblem();

        group.MapPost("/warnings/{id:guid}/eliminate", (Guid id, PovertyReasonRequest body, HttpContext http, EliminateRiskHandler handler, CancellationToken ct) =>
            InstanceState.AfterAsync(handler.HandleAsync(new EliminateRisk(id, body.Reason, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("风险消除（镇级领导，至少回访一次后，须填写理由）").ProducesValidationProblem();

        group.MapGet("/warnings/{id:guid}", async Task<Results<Ok<WarningView>, NotFound>> (Guid id, HttpContext http, PovertyQueries queries, CancellationToken ct) =>
            await queries.GetAsync(id, http.User.ToActor(), ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound())
            .WithSummary("预警详情与台账（身份证号脱敏）");

        group.MapGet("/warnings", async Task<Ok<ListPage<WarningSummary>>> ([AsParameters] ListQuery filter, string? month, HttpContext http, PovertyQueries queries, CancellationToken ct) =>
            TypedResults.Ok(await queries.PageAsync(http.User.ToActor(), filter, Month(month), ct)))
            .WithSummary("职责范围内的预警（按状态、乡镇、村、临期/超期、关键词、预警月份 month=yyyy-MM），每页 20 条，户主姓名与身份证号脱敏")
            .ProducesValidationProblem();

        group.MapGet("/figures", async Task<Ok<IReadOnlyList<TownshipFigure>>> (string? month, HttpContext http, PovertyQueries queries, CancellationToken ct) =>
            TypedResults.Ok(await queries.FiguresAsync(http.User.ToActor(), Month(month) ?? queries.CurrentMonth(), ct)))
            .WithSummary("应纳尽纳：当月预警户中按时入户核实并按时研判的比例（镇级领导看本镇，管理员看全市）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        return group;
    }

    /// <summary><c>yyyy-MM</c>, or null when absent; anything else is refused by field.</summary>
    internal static DateOnly? Month(string? month)
    {
        if (string.IsNullOrWhiteSpace(month))
        {
            return null;
        }

        var ok = DateOnly.TryParseExact(month.Trim() + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var first);
        new Validation().Check(ok, "month", "应为年月，如 2026-11").ThrowIfInvalid();
        return first;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            new Validation().Check(buffer.Length <= maxBytes, "file", $"文件不能超过 {maxBytes / 1024 / 1024} MB").ThrowIfInvalid();
        }

        return buffer.ToArray();
    }
}
