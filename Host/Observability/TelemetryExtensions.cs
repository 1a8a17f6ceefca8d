using System.Diagnostics;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Governance.Engine.Telemetry;
using Governance.Workflows;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Governance.Host.Observability;

/// <summary>
/// OpenTelemetry for the Host: the engine's meter beside ASP.NET Core's, HttpClient's, Npgsql's
/// and the .NET runtime's, served in Prometheus' text format at <see cref="MetricsPath"/>; with an
/// OTLP endpoint configured (<see cref="TelemetryOptions.OtlpEndpoint"/>), metrics and the traces
/// of requests, moves, emails and SQL statements go there too. The gauges' readings
/// (<see cref="PeriodicReadings"/>) and the 运行指标 page's history (<see cref="EngineFigures"/>).
/// </summary>
public static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>The name the Host's figures and spans carry (<c>service.name</c>).</summary>
    public const string ServiceName = "governance-host";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TelemetryOptions.Section);
        services.Configure<TelemetryOptions>(section);
        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();

        // OpenTelemetry reads its own variable itself (endpoint, protocol, paths), when ours is unset.
        var otlp = options.OtlpEndpoint is not null || configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 };
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithMetrics(m =>
            {
                m.AddMeter(EngineMetrics.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    m.AddOtlpExporter(o => Point(o, options, "metrics"));
                }
            });

        // Spans only when something collects them: without a collector they would be made for nothing.
        if (otlp)
        {
            telemetry.WithTracing(t => t
                .AddSource(EngineMetrics.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments(MetricsPath))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddProcessor(new BackgroundStatements())
                .AddOtlpExporter(o => Point(o, options, "traces")));
        }

        // The JSON console (appsettings.json) writes Chinese as it is: its default encoder escapes every
        // character outside ASCII (2027 年 → 2027 \u5E74), which no operator reads and which could hide
        // a number standing next to such a character from a search of the logs for personal data.
        services.Configure<JsonConsoleFormatterOptions>(o => o.JsonWriterOptions = o.JsonWriterOptions with { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) });

        services.AddSingleton<EngineFigures>();
        services.AddHostedService<PeriodicReadings>();
        return services;
    }

    /// <summary>
    /// <c>GET /metrics</c>: for a request from this machine (a Prometheus or node agent beside the
    /// Host) or a signed-in administrator; anyone else is refused as on the API's admin routes
    /// (401 without a sign-in, 403 with another role).
    /// </summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint(MetricsPath)
            .RequireAuthorization(p => p.RequireAssertion(c => c.User.IsInRole(Roles.Admin) || c.Resource is HttpContext http && FromLoopback(http)))
            .WithDisplayName("Prometheus metrics");

    /// <summary>
    /// A request made on this machine: its connection comes from a loopback address and no proxy
    /// forwarded it. A reverse proxy on the same machine connects from loopback too; the
    /// <c>X-Forwarded-For</c> or <c>Forwarded</c> header it adds keeps its callers from passing for
    /// local ones (one that adds neither must not pass <c>/metrics</c> on: README). An in-process
    /// test server's requests have no remote address, so they are not local.
    /// </summary>
    public static bool FromLoopback(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress is { } address
            && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)
            && !context.Request.Headers.ContainsKey("X-Forwarded-For")
            && !context.Request.Headers.ContainsKey("Forwarded");
    }

    /// <summary>Our endpoint, when set: a gRPC collector takes the base address, an HTTP one a path per signal.</summary>
    private static void Point(OtlpExporterOptions exporter, TelemetryOptions options, string signal)
    {
        if (options.OtlpEndpoint is not { } endpoint)
        {
            return;
        }

        var http = string.Equals(options.OtlpProtocol, "http/protobuf", StringComparison.OrdinalIgnoreCase);
        exporter.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        exporter.Endpoint = http ? new Uri(endpoint, $"{endpoint.AbsolutePath.TrimEnd('/')}/v1/{signal}") : endpoint;
    }

    /// <summary>
    /// Drops the spans of SQL statements that belong to no request and no move: the polling of
    /// Hangfire, Quartz, the timer pump and the outbox dispatcher, dozens a minute of one-span
    /// traces that would bury the ones people look for.
    /// </summary>
    private sealed class BackgroundStatements : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            if (data.Source.Name == "Npgsql" && data.Parent is null && data.ParentSpanId == default)
            {
                data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            }
        }
    }
}
