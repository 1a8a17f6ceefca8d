using System.Text.Json;
using Governance.Workflows;
using Governance.Workflows.Calendar;
using Governance.Workflows.Runtime;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Operations;

/// <summary>
/// Turns the domain's refusals into RFC 9457 problem details: bad input names its fields (400),
/// a missing holiday year is the administrator's to fix (503), no access is 403.
/// </summary>
public sealed class ProblemDetailsMapping(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ProblemDetails? problem = exception switch
        {
            RequestValidationException v => new HttpValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "请求数据有误",
            },
            BadHttpRequestException { InnerException: JsonException json } => Invalid(StatusCodes.Status400BadRequest, RequestErrors.Of(json)),
            BadHttpRequestException bad => Invalid(bad.StatusCode, RequestErrors.Of(bad)),
            CalendarYearMissingException missing => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "节假日日历缺少年份",
                Detail = missing.Message,
            },
            RuleViolationException rule => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = rule.Title, Detail = rule.Detail },
            TransitionRefusedException refused => ProblemFor(refused.Result),
            UnauthorizedAccessException denied => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "无权操作", Detail = denied.Message },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
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
