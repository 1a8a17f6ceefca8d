namespace Governance.Host.Observability;

/// <summary>Configuration section <c>OpenTelemetry</c>: where metrics and traces go besides <c>/metrics</c>, and how fresh the gauges are.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "OpenTelemetry";

    /// <summary>
    /// An OTLP collector (e.g. <c>http://127.0.0.1:4317</c>): metrics and traces are sent there as
    /// well. Unset, OpenTelemetry's own <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is honoured; with
    /// neither, no OTLP is sent and no span is recorded (nothing would read it).
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (the default, port 4317) or <c>http/protobuf</c> (port 4318) for <see cref="OtlpEndpoint"/>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>
    /// How often the figures only the database knows (timers pending and failing, mail owed and
    /// its oldest age, tickets waiting) are read for the gauges: one short query each. Default 15 s.
    /// </summary>
    public TimeSpan ReadingInterval { get; set; } = TimeSpan.FromSeconds(15);
}
