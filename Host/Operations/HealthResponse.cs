using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Governance.Host.Operations;

/// <summary>/health answers with every check's status and description as JSON (for probes); /admin/health shows the same report to people.</summary>
public static class HealthResponse
{
    /// <summary>Each check's name as a person reads it, by the name it is registered under (and /health shows).</summary>
    public static IReadOnlyDictionary<string, string> CheckNames { get; } = new Dictionary<string, string>
    {
        ["postgresql"] = "数据库（PostgreSQL）",
        ["quartz"] = "定时调度（Quartz）",
        ["hangfire"] = "后台任务（Hangfire）",
        ["calendar"] = "节假日数据",
        ["email"] = "邮件投递",
    };

    public static string DisplayName(string check) => CheckNames.TryGetValue(check, out var name) ? name : check;

    public static string DisplayName(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "正常",
        HealthStatus.Degraded => "降级运行",
        _ => "异常",
    };

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, Json));
    }
}
