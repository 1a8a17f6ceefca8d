using System.Globalization;
using System.Net;
using Governance.Workflows.Tests.Infrastructure;

namespace Governance.Workflows.Tests.Observability;

/// <summary>
/// A database of its own: the Host process is killed at the end, and a Quartz node killed in the
/// middle of a timer-pump run holds that job from the next Host on its database until the
/// cluster finds the node dead (seen: another test's timer not fired within 20 s).
/// </summary>
public sealed class LoopbackScrapeDatabase() : TestDatabase("metrics_loopback");

/// <summary>
/// <c>/metrics</c> as a Prometheus beside the Host reads it: a real Host process on a real port,
/// asked over loopback, serves its figures without a sign-in; the same request forwarded by a
/// proxy is refused.
/// </summary>
public sealed class LoopbackScrapeTests(LoopbackScrapeDatabase database) : IClassFixture<LoopbackScrapeDatabase>
{
    [Fact]
    public async Task A_Host_on_this_machine_serves_metrics_to_a_scraper_on_loopback_but_not_to_what_a_proxy_forwards()
    {
        await using var host = await HostProcess.StartAsync("metrics", new Dictionary<string, string>
        {
            ["ConnectionStrings__Governance"] = database.ConnectionString,
            ["Smtp__Host"] = Mailbox.SmtpHost,
            ["Smtp__Port"] = Mailbox.SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        }, TimeSpan.FromMinutes(2));

        // The gauges report once the first reading, made at start, is in.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        IReadOnlyList<PrometheusSample> metrics;
        while (true)
        {
            var scraped = await host.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
            Assert.True(scraped.StatusCode == HttpStatusCode.OK, host.LogTail());
            metrics = PrometheusText.Parse(await scraped.Content.ReadAsStringAsync());
            if (metrics.Any(m => m.Name == "governance_outbox_backlog") || DateTimeOffset.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.Contains(metrics, m => m.Name == "target_info" && m.Labels["service_name"] == "governance-host");
        Assert.Contains(metrics, m => m.Name == "governance_timers_pending");
        Assert.Contains(metrics, m => m.Name == "governance_outbox_backlog");
        Assert.Contains(metrics, m => m.Name.StartsWith("dotnet_gc_", StringComparison.Ordinal));
        Assert.Contains(metrics, m => m.Name.StartsWith("db_client_", StringComparison.Ordinal));

        using var forwarded = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        forwarded.Headers.Add("X-Forwarded-For", "10.1.2.3");
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.SendAsync(forwarded)).StatusCode);
    }
}
