using System.Globalization;
using System.Text.Json;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Engine;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.Administration;

/// <summary>Configuration section <c>Administration</c>.</summary>
public sealed class AdministrationOptions
{
    public const string Section = "Administration";

    /// <summary>Where the administrator's reminders go.</summary>
    public string Email { get; set; } = "";

    public string Name { get; set; } = "系统管理员";
}

/// <summary>
/// Emails the administrator when a holiday year is about to be missing: once on reaching each of
/// <see cref="CalendarCoverage.ReminderDays"/> before it begins (a day the job did not run is made
/// up on the next), and once a week while the year has begun without it. The outbox's dedupe key
/// makes each of these once, whichever node runs the job and however often.
/// </summary>
public sealed class CalendarCoverageReminder(WorkflowRuntime runtime, IOptions<AdministrationOptions> options)
{
    public const string Template = "calendar.year-missing";

    /// <summary>Returns the warning it acted on, or null when the calendar is covered.</summary>
    public Task<CalendarCoverageWarning?> RemindAsync(CancellationToken ct)
    {
        var now = runtime.Now;
        var warning = CalendarCoverage.Check(runtime.Calendar, now);
        var admin = options.Value;
        if (warning is null || string.IsNullOrEmpty(admin.Email))
        {
            return Task.FromResult(warning);
        }

        var model = JsonSerializer.Serialize(
            new NotificationModel(Guid.Empty, "节假日日历", $"{warning.MissingYear} 年节假日安排", "待录入", Actor.System.Name, null, now, null, warning),
            WorkflowInstance.DataJson);
        var message = new OutboxMessage(
            Guid.CreateVersion7(now), null, Template, new Recipient(admin.Name, admin.Email), model, now,
            dedupeKey: $"{Template}:{warning.MissingYear}:{Occasion(warning, now)}");
        return runtime.InTransactionAsync(async (db, token) =>
        {
            await db.AddOutboxOnceAsync(message, token);
            return (CalendarCoverageWarning?)warning;
        }, ct);
    }

    /// <summary>Which reminder this is: the nearest threshold not yet passed, or the ISO week once the year has begun.</summary>
    private static string Occasion(CalendarCoverageWarning warning, DateTimeOffset now)
    {
        if (warning.DaysLeft > 0)
        {
            return $"{CalendarCoverage.ReminderDays.Where(d => warning.DaysLeft <= d).Min()}d";
        }

        var local = ChinaTime.ToLocal(now).DateTime;
        return $"begun:{ISOWeek.GetYear(local)}-W{ISOWeek.GetWeekOfYear(local):00}";
    }
}
