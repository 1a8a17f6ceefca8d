using System.Text.RegularExpressions;

namespace Governance.Host.Operations;

/// <summary>
/// Problems the framework writes itself, not through <see cref="ProblemDetailsMapping"/>: routing's
/// 415 for a body that is not JSON, a binder's 400 that Identity's generated endpoints write
/// without throwing, Identity's own validation problems, a bare 401/404. They came in English
/// with no field; here they get a Chinese title and, for a refused request, the fields it names.
/// </summary>
public static partial class FrameworkProblems
{
    public static void Localise(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        if (problem.Title is null || !Chinese().IsMatch(problem.Title))
        {
            problem.Title = problem.Status switch
            {
                StatusCodes.Status400BadRequest or StatusCodes.Status415UnsupportedMediaType => "请求数据有误",
                StatusCodes.Status401Unauthorized => "未登录或登录已失效",
                StatusCodes.Status403Forbidden => "无权操作",
                StatusCodes.Status404NotFound => "未找到",
                StatusCodes.Status405MethodNotAllowed => "不支持此请求方法",
                StatusCodes.Status409Conflict => "当前状态下不能办理",
                StatusCodes.Status413PayloadTooLarge => "请求体过大",
                _ => problem.Title,
            };
        }

        if (problem.Status is StatusCodes.Status400BadRequest or StatusCodes.Status415UnsupportedMediaType
            && problem is not HttpValidationProblemDetails
            && !problem.Extensions.ContainsKey("errors"))
        {
            problem.Extensions["errors"] = problem.Status == StatusCodes.Status415UnsupportedMediaType
                ? new Dictionary<string, string[]> { [RequestErrors.Body] = ["请求体须为 JSON（Content-Type: application/json）"] }
                : QueryOrBody(context.HttpContext.Request);
        }
    }

    /// <summary>A binder's 400 not thrown carries no parameter name: it is one of the query's values, or else the body.</summary>
    private static Dictionary<string, string[]> QueryOrBody(HttpRequest request) =>
        request.Query.Count == 0
            ? new() { [RequestErrors.Body] = ["格式或取值不正确"] }
            : request.Query.Keys.ToDictionary(k => k, _ => new[] { "格式或取值不正确" });

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();
}
