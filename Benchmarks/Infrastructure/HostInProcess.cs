using Governance.Host.Operations;
using Governance.Host.Scheduling;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Governance.Benchmarks.Infrastructure;

/// <summary>
/// The Host's own <c>Program.cs</c> in this process: its <c>appsettings.json</c>, migrations at
/// start, Quartz (clustered, the timer pump), the outbox dispatcher and the Hangfire server, on
/// a benchmark database (migrated as the owner, <paramref name="connectionString"/>; run as the
/// application role), in the Production environment. <paramref name="addServices"/> may add
/// what only the benchmark knows (a workflow definition, an email template), which a Host run as
/// a process (<see cref="HostUnderTest"/>) cannot load. No HTTP listener: nothing is measured over HTTP.
/// </summary>
internal sealed class HostInProcess(string connectionString, Action<IServiceCollection> addServices)
    : WebApplicationFactory<TimerPumpJob>
{
    /// <summary>Builds and starts the Host (migrations, Quartz, Hangfire, dispatcher) and returns its services.</summary>
    public IServiceProvider Start() => Services;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Governance", BenchmarkOptions.AsApplication(connectionString));
        builder.UseSetting($"ConnectionStrings:{DatabaseSchema.OwnerConnectionStringName}", connectionString);

        // As HostUnderTest: a log line per event would be part of what is measured; warnings and errors still show.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");

        // stdout carries the benchmark's report only.
        builder.ConfigureLogging(l => l.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        builder.ConfigureTestServices(addServices);
    }
}
