using System.Globalization;
using Governance.Host.Operations;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Governance.Host.Pages;

/// <summary>
/// The status page a person sees instead of an error answer: what happened in Chinese, and where
/// to go on (back, home, sign in, or try again later). Re-executed by <see cref="StatusPages"/>
/// for any method, so it works in <see cref="OnPageHandlerExecuting"/>, whatever handler the
/// original request named; it binds nothing from the original form, and needs no antiforgery
/// token (the original request's may be what failed).
/// </summary>
[IgnoreAntiforgeryToken]
public class StatusModel : PageModel
{
    /// <summary>The status a page of this kind always answers with (e.g. 403 for 无权访问), else null: the status that was re-executed.</summary>
    protected virtual int? FixedCode => null;

    public int Code { get; private set; }

    public string Heading { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    /// <summary>What the use case said (its refusal, or each field's message), when it said something a person may read.</summary>
    public IReadOnlyList<string> Details { get; private set; } = [];

    /// <summary>The page the person came from on this site, or null.</summary>
    public string? Back { get; private set; }

    /// <summary>The address to try again (a GET that failed for a while), or null.</summary>
    public string? Retry { get; private set; }

    public int? RetryAfterSeconds { get; private set; }

    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var exception = HttpContext.Features.Get<IExceptionHandlerFeature>();
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        var problem = exception is null ? null : ProblemDetailsMapping.ProblemFor(exception.Error);

        // Asked for directly, /error is no page of its own: it answers as an unknown address does.
        Code = FixedCode
            ?? problem?.Status
            ?? (exception is not null ? StatusCodes.Status500InternalServerError : (int?)null)
            ?? (reExecuted is not null ? HttpContext.Response.StatusCode : StatusCodes.Status404NotFound);
        (Heading, Explanation) = Describe(Code);
        if (problem is not null)
        {
            Details = problem is HttpValidationProblemDetails invalid
                ? [.. invalid.Errors.Values.SelectMany(m => m).Distinct()]
                : [.. new[] { problem.Detail }.OfType<string>()];
        }

        HttpContext.Response.StatusCode = Code;
        if (Code == StatusCodes.Status503ServiceUnavailable)
        {
            RetryAfterSeconds = ProblemDetailsMapping.OutageRetryAfterSeconds;
            HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.Value.ToString(CultureInfo.InvariantCulture);
        }

        var originalPath = exception?.Path ?? reExecuted?.OriginalPath;
        var method = HttpContext.Request.Method;
        if (Code == StatusCodes.Status503ServiceUnavailable && originalPath is not null && HttpMethods.IsGet(method))
        {
            Retry = originalPath + (reExecuted?.OriginalQueryString ?? "");
        }

        Back = SameSite(HttpContext.Request.Headers.Referer.ToString());
    }

    /// <summary>A referring address on this site (its path and query only), never another site's.</summary>
    private string? SameSite(string referer) =>
        Uri.TryCreate(referer, UriKind.Absolute, out var uri)
        && string.Equals(uri.Authority, HttpContext.Request.Host.Value, StringComparison.OrdinalIgnoreCase)
        && uri.PathAndQuery != HttpContext.Request.Path.Value
            ? uri.PathAndQuery
            : null;

    public static (string Heading, string Explanation) Describe(int code) => code switch
    {
        StatusCodes.Status400BadRequest => ("提交的内容有误", "页面已过期或填写的内容不符合要求。请返回上一页，刷新后重新填写提交。"),
        StatusCodes.Status401Unauthorized => ("请先登录", "这个页面需要登录后才能查看。"),
        StatusCodes.Status403Forbidden => ("无权访问", "您的账号没有这个页面的权限。如需办理，请联系中心值班领导或系统管理员。"),
        StatusCodes.Status404NotFound => ("页面不存在", "您要找的页面或事项不存在，可能链接有误、已失效，或不在您的办理范围内。"),
        StatusCodes.Status405MethodNotAllowed => ("无法这样打开此页面", "请从页面上的链接或按钮进入。"),
        StatusCodes.Status409Conflict => ("当前状态下不能办理", "事项已被他人办理或状态已变化。请返回刷新页面，查看最新状态后再办理。"),
        StatusCodes.Status413PayloadTooLarge => ("提交的内容过大", "请减少填写的内容后重新提交。"),
        StatusCodes.Status503ServiceUnavailable => ("服务暂时不可用", "系统正在恢复，请稍后再试。"),
        >= 500 => ("系统出错了", "很抱歉，处理您的请求时系统出错，已记录在系统日志中。请稍后再试；如仍不能办理，请联系系统管理员。"),
        _ => ("无法完成请求", "请返回上一页重试。"),
    };
}

/// <summary>无权访问: where the sign-in cookie sends a person whose roles do not reach a page; the same words and ways on as a 403.</summary>
public sealed class DeniedModel : StatusModel
{
    protected override int? FixedCode => StatusCodes.Status403Forbidden;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        base.OnPageHandlerExecuting(context);

        // The refusal was the redirect that brought the person here; /denied itself is a page anyone may open.
        HttpContext.Response.StatusCode = StatusCodes.Status200OK;
    }
}
