using System.Globalization;
using Governance.Engine.Telemetry;
using Governance.Host.Observability;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Queue;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Admin;

/// <summary>
/// 运行指标: this node's last hour of the engine's figures (<see cref="EngineFigures"/>), charted
/// by metrics.js and read again every <see cref="RefreshSeconds"/> s from <c>?handler=Figures</c>,
/// with the gauges' last readings as text. What Prometheus scrapes at <c>/metrics</c> is the same.
/// </summary>
public sealed class MetricsModel(EngineFigures figures, EngineMetrics metrics, CatalogueQueries catalogue) : GovernancePage
{
    public const int RefreshSeconds = 15;

    public FiguresHour Hour { get; private set; } = new([]);

    public TimerReading? Timers => metrics.Timers;

    public OutboxReading? Outbox => metrics.Outbox;

    /// <summary>Tickets waiting now, per queue by its hall's and item's names.</summary>
    public IReadOnlyList<(string Queue, string Name, long Waiting)> Waiting { get; private set; } = [];

    /// <summary>What the charts draw, as metrics.js reads it.</summary>
    public object Chart { get; private set; } = new();

    public async Task OnGetAsync(CancellationToken ct) => await ReadAsync(ct);

    public async Task<IActionResult> OnGetFiguresAsync(CancellationToken ct)
    {
        await ReadAsync(ct);
        return new JsonResult(Chart);
    }

    private async Task ReadAsync(CancellationToken ct)
    {
        Hour = figures.Hour();
        var names = await QueueNamesAsync([.. metrics.Waiting.Keys, .. Hour.Minutes.SelectMany(m => m.Waiting?.Keys ?? [])], ct);
        Waiting = [.. metrics.Waiting.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => (q.Key, names.GetValueOrDefault(q.Key, q.Key), q.Value))];
        var minutes = Hour.Minutes;
        Chart = new
        {
            minutes = minutes.Select(m => m.At.ToString("HH:mm", CultureInfo.InvariantCulture)),
            applied = minutes.Select(m => m.Applied),
            stale = minutes.Select(m => m.Stale),
            refused = minutes.Select(m => m.Refused),
            errors = minutes.Select(m => m.Errors),
            moveAverage = minutes.Select(m => Milliseconds(m.MoveTime?.Average)),
            moveP95 = minutes.Select(m => Milliseconds(m.MoveTime?.P95)),
            latenessAverage = minutes.Select(m => Seconds(m.Lateness?.Average)),
            latenessMax = minutes.Select(m => Seconds(m.Lateness?.Max)),
            timersPending = minutes.Select(m => m.TimersPending),
            timersFailing = minutes.Select(m => m.TimersFailing),
            backlog = minutes.Select(m => m.Backlog),
            oldestAge = minutes.Select(m => Minutes(m.OldestAge)),
            deliveryAverage = minutes.Select(m => Seconds(m.Delivery?.Average)),
            deliveryP95 = minutes.Select(m => Seconds(m.Delivery?.P95)),
            deliveryFailures = minutes.Select(m => m.DeliveryFailures),
            queueWaitAverage = minutes.Select(m => Minutes(m.QueueWait?.Average)),
            queueWaitMax = minutes.Select(m => Minutes(m.QueueWait?.Max)),
            waiting = minutes.SelectMany(m => m.Waiting?.Keys ?? []).Distinct().Order(StringComparer.Ordinal)
                .Select(q => new { name = names.GetValueOrDefault(q, q), data = minutes.Select(m => m.Waiting?.GetValueOrDefault(q)) }),
        };
    }

    /// <summary>The names for people of <paramref name="queues"/>: their hall's and item's (a queue is <c>hall/{hall}/item/{item}</c>).</summary>
    private async Task<Dictionary<string, string>> QueueNamesAsync(IReadOnlyCollection<string> queues, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (queues.Count == 0)
        {
            return names;
        }

        var halls = queues.Select(q => q.Split('/')).Where(p => p.Length == 4).Select(p => p[1]).ToHashSet(StringComparer.Ordinal);
        foreach (var hall in (await catalogue.HallsAsync(ct)).Where(h => halls.Contains(h.Id.ToString(CultureInfo.InvariantCulture))))
        {
            foreach (var item in await catalogue.ItemsAsync(hall.Id, ct) ?? [])
            {
                names[HallQueueReading.QueueName(hall.Id, item.Id)] = $"{hall.Name} · {item.Name}";
            }
        }

        return names;
    }

    private static double? Milliseconds(double? seconds) => seconds is { } s ? Math.Round(s * 1000, 2) : null;

    private static double? Seconds(double? seconds) => seconds is { } s ? Math.Round(s, 2) : null;

    private static double? Minutes(double? seconds) => seconds is { } s ? Math.Round(s / 60, 1) : null;
}
