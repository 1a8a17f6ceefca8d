using System.Text.Json;
using Governance.Engine;
using Governance.Engine.Storage;
using Governance.Workflows;
using Governance.Engine.Runtime;
using Governance.Workflows.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Operations;

/// <summary>
/// Turns the domain's refusals into RFC 9457 problem details: bad input names its fields (400),
/// no access is 403, a database that is away for a while is 503 with Retry-After (try again; a
/// commit cut off in its middle may have applied, which the repeat's expectedVersion tells).
/// </summary>
public sealed class ProblemDetailsMapping(IProblemDetailsService problems) : IExceptionHandler
{
    /// <summary>
    /// What a client is told to wait during a database outage: about the background loops' backoff
    /// cap (15 s), so a retry lands soon after the database is back without hammering it meanwhile.
    /// </summary>
    public const int OutageRetryAfterSeconds = 10;

    private const string OutageTitle = "服务暂时不可用";

    private const string OutageDetail = "数据库暂时无法访问，请稍后重试。";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);

        // A page's request is answered by the status page (Pages/Status), which reads ProblemFor: never JSON to a person.
        if (StatusPages.IsPageRequest(httpContext.Request))
        {
            return false;
        }

        if (ProblemFor(exception) is not { } problem)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            return await OutageAsync(httpContext, problem, exception, cancellationToken);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>What <paramref name="exception"/> tells the person or client, or null for one no rule names (a fault: 500).</summary>
    public static ProblemDetails? ProblemFor(Exception? exception) => exception switch
    {
        _ when DatabaseOutage.IsOutage(exception) => new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = OutageTitle, Detail = OutageDetail },
        RequestValidationException v => new HttpValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "请求数据有误",
        },
        BadHttpRequestException { InnerException: JsonException json } => Invalid(StatusCodes.Status400BadRequest, RequestErrors.Of(json)),
        BadHttpRequestException bad => Invalid(bad.StatusCode, RequestErrors.Of(bad)),
        RuleViolationException rule => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = rule.Title, Detail = rule.Detail },
        TransitionRefusedException refused => ProblemFor(refused.Result),
        UnauthorizedAccessException denied => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "无权操作", Detail = denied.Message },
        _ => null,
    };

    /// <summary>
    /// 503 with Retry-After, as problem details where the client takes JSON, else as plain Chinese
    /// text (an API client that asked for neither).
    /// </summary>
    private async ValueTask<bool> OutageAsync(HttpContext httpContext, ProblemDetails problem, Exception exception, CancellationToken cancellationToken)
    {
        httpContext.Response.Headers.RetryAfter = OutageRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception }))
        {
            httpContext.Response.ContentType = "text/plain; charset=utf-8";
            await httpContext.Response.WriteAsync($"{OutageTitle}：{OutageDetail}", cancellationToken);
        }

        return true;
    }

    private static HttpValidationProblemDetails Invalid(int status, IDictionary<string, string[]> errors) =>
        new(errors) { Status = status, Title = "请求数据有误" };

    /// <summary>The HTTP answer to a transition that did not apply.</summary>
    public static IResult ForTransition(TransitionResult result) => TypedResults.Problem(ProblemFor(result));

    private static ProblemDetails ProblemFor(TransitionResult result) => result.Outcome switch
    {
        TransitionOutcome.NotFound => new ProblemDetails { Status = 404, Title = "未找到", Detail = result.Message },
        TransitionOutcome.Forbidden => new ProblemDetails { Status = 403, Title = "无权操作", Detail = result.Message },
        _ => new ProblemDetails
        {
            Status = 409,
            Title = "当前状态下不能办理",
            Detail = result.Message,
            Extensions = { ["state"] = result.Instance?.State, ["version"] = result.Instance?.Version },
        },
    };
}
