using Governance.Engine.Administration;
using Governance.Host.Auth;
using Governance.Notifications;
using Governance.Workflows.Administration;
using Governance.Workflows.Lists;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Governance.Host.Api;

/// <summary>
/// 系统管理·实例: the instance console. Every definition's instances found by definition, version,
/// state, org unit, clock, trouble and days without a move (query string), or by a person's ID
/// number (in a POST body only: a number in a URL would stay in logs and histories); an instance's
/// facts (masked), 台账, timers, work items and emails; and the administrator's mends, each ledgered
/// with who and why and each one transaction: cancel, fire a failed timer again, send an email again.
/// Moving to a newer version is the version migration's (<see cref="AdminWorkflowsApi"/>).
/// </summary>
public static class AdminInstancesApi
{
    /// <summary>The ID number typed, with the same filters the query string carries elsewhere.</summary>
    public sealed record PersonSearch(string? IdNumber, string? Workflow, int? Version, string? State, string? OrgUnit, string? Clock, string? Stuck, int? IdleDays, int? PageNo)
    {
        public InstanceQuery Query => new() { Workflow = Workflow, Version = Version, State = State, OrgUnit = OrgUnit, Clock = Clock, Stuck = Stuck, IdleDays = IdleDays, PageNo = PageNo };
    }

    public sealed record CancelRequest(string? Reason, int? ExpectedVersion);

    public sealed record ReasonRequest(string? Reason);

    public static void MapAdminInstances(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/", async Task<Ok<ListPage<InstanceRow>>> ([AsParameters] InstanceQuery query, InstanceSearch search, OutboxQueries outbox, CancellationToken ct) =>
            TypedResults.Ok(await search.SearchAsync(query, outbox.MaxAttempts, ct)))
            .WithSummary("查询各流程的实例（按流程、版本、状态、单位前缀、超期或暂停计时、定时器失败或邮件死信、若干天无进展），最新的在前，分页")
            .ProducesValidationProblem();

        group.MapPost("/by-person", async Task<Ok<ListPage<InstanceRow>>> (PersonSearch body, InstanceSearch search, OutboxQueries outbox, CancellationToken ct) =>
            TypedResults.Ok(await search.SearchByPersonAsync(body.Query, body.IdNumber, outbox.MaxAttempts, ct)))
            .WithSummary("按身份证号查询某人的实例（号码只在请求体中，服务器按各业务存储的方式取其哈希比对，不保存、不记录、不回显）")
            .ProducesValidationProblem();

        group.MapGet("/{id:guid}", async Task<Results<Ok<InstanceDetail>, NotFound>> (Guid id, InstanceDetails details, OutboxQueries outbox, CancellationToken ct) =>
            await details.GetAsync(id, outbox.MaxAttempts, ct) is { } detail ? TypedResults.Ok(detail) : TypedResults.NotFound())
            .WithSummary("实例详情：数据（个人信息已遮蔽）、台账、定时器、待办、邮件及其投递状态与后台任务、流程图");

        group.MapPost("/{id:guid}/cancel", (Guid id, CancelRequest body, HttpContext http, CancelInstance cancel, CancellationToken ct) =>
            InstanceState.AfterAsync(cancel.RunAsync(id, StepVersion.Required(body.ExpectedVersion), body.Reason, http.User.ToActor(), ct)))
            .WithSummary("撤销实例（须填写理由；关闭其待办、取消其定时器，记入台账；不发邮件）")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/timers/{timerId:guid}/retry", async Task<Results<NoContent, NotFound>> (Guid id, Guid timerId, ReasonRequest body, HttpContext http, RetryTimer retry, CancellationToken ct) =>
            await retry.RunAsync(id, timerId, body.Reason, http.User.ToActor(), ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithSummary("立即重新触发一个触发失败、正在等待重试的定时器（须填写理由，记入台账）")
            .ProducesValidationProblem();

        group.MapPost("/{id:guid}/outbox/{outboxId:guid}/resend", async Task<Results<Ok<Resent>, NotFound>> (Guid id, Guid outboxId, ReasonRequest body, HttpContext http, ResendEmail resend, OutboxQueries outbox, CancellationToken ct) =>
            await resend.RunAsync(id, outboxId, body.Reason, outbox.MaxAttempts, http.User.ToActor(), ct) is { } resent ? TypedResults.Ok(resent) : TypedResults.NotFound())
            .WithSummary("重发邮件：死信立即重试（同一 Message-ID）；已发出的另发一份（新的 Message-ID，每封只另发一次）。须填写理由，记入台账")
            .ProducesValidationProblem();
    }
}
