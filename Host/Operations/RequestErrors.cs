using System.Text.Json;
using System.Text.RegularExpressions;

namespace Governance.Host.Operations;

/// <summary>
/// The fields, in Chinese, of a request the framework could not bind: the JSON reader's and the
/// minimal-API binder's errors carry their English text and a path, never a field list, so the
/// field is read from the path and, for a missing or null value, from the message's quoted name.
/// </summary>
public static partial class RequestErrors
{
    public const string Body = "body";

    /// <summary><c>$.parties[0].name</c> → <c>parties[0].name</c>; a missing field, each by name; a <c>null</c>, where it stands.</summary>
    public static Dictionary<string, string[]> Of(JsonException json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var at = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        if (MissingProperties().Match(json.Message) is { Success: true } missing)
        {
            return Quoted().Matches(missing.Groups[1].Value)
                .Select(m => at is null ? m.Groups[1].Value : $"{at}.{m.Groups[1].Value}")
                .Distinct()
                .ToDictionary(f => f, _ => new[] { "必填" });
        }

        if (DisallowsNull().Match(json.Message) is { Success: true } isNull)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(isNull.Groups[1].Value);
            var field = at is null ? name : at.EndsWith(name, StringComparison.Ordinal) ? at : $"{at}.{name}";
            return new() { [field] = ["必填，不能为 null"] };
        }

        return new() { [at ?? Body] = [at is null ? "请求体须为 JSON 对象" : "格式或取值不正确"] };
    }

    /// <summary>A bad request the binder refused before any JSON was read: no body, a body that is not JSON, a route or query value of the wrong type.</summary>
    public static Dictionary<string, string[]> Of(BadHttpRequestException bad)
    {
        ArgumentNullException.ThrowIfNull(bad);
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return new() { [Body] = ["请求体须为 JSON（Content-Type: application/json）"] };
        }

        var message = bad.Message;
        if (message.Contains("no body was provided", StringComparison.Ordinal) || message.EndsWith("from body.", StringComparison.Ordinal))
        {
            return new() { [Body] = ["缺少请求体"] };
        }

        var field = Parameter().Match(message) is { Success: true } m ? m.Groups[1].Value : Body;
        return new() { [field] = [message.StartsWith("Required", StringComparison.Ordinal) ? "必填" : "格式或取值不正确"] };
    }

    [GeneratedRegex("missing required properties including: (.*)$")]
    private static partial Regex MissingProperties();

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex Quoted();

    [GeneratedRegex("(?:parameter|property or field) '([^']+)' on type '[^']+' doesn't allow")]
    private static partial Regex DisallowsNull();

    [GeneratedRegex("parameter \"(?:[^\"]* )?([^\" ]+)\"")]
    private static partial Regex Parameter();
}
