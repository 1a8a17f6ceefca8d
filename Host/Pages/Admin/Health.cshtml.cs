using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Governance.Host.Pages.Admin;

/// <summary>运行状况: the report /health gives probes as JSON, for the administrator in Chinese.</summary>
public sealed class HealthModel(HealthCheckService health) : GovernancePage
{
    public HealthReport? Report { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Report = await health.CheckHealthAsync(ct);
}
