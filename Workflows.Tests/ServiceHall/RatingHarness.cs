using System.Text.RegularExpressions;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.ExtendedHours;
using Governance.Workflows.ServiceHall.Ratings;
using Governance.Workflows.Storage;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.ServiceHall;

/// <summary>A database of its own for the rating tests that move the clock and pump timers.</summary>
public sealed class RatingDatabase() : TestDatabase("ratings");

/// <summary>The 好差评 use cases wired by hand over a test database, with a frozen clock.</summary>
public sealed partial class RatingHarness
{
    /// <summary>Monday 28 September 2026, 09:40 in China: the week before National Day (国庆) and just after Mid-Autumn (中秋).</summary>
    public static readonly DateTimeOffset BeforeNationalDay = new(2026, 9, 28, 9, 40, 0, TimeSpan.FromHours(8));

    public RatingHarness(TestDatabase database, DateTimeOffset? start = null, RatingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        Database = database;
        Clock = new FakeTimeProvider((start ?? BeforeNationalDay).ToUniversalTime());
        var registry = new WorkflowRegistry([ExtendedHoursWorkflow.Definition, RatingInvitationWorkflow.Definition, RectificationWorkflow.Definition], Roles.Catalogue);
        Runtime = new WorkflowRuntime(new EngineContexts(database.Factory), registry, new WorkingCalendar(HolidayData.LoadEmbedded()), Clock);
        Pump = new TimerPump(new EngineContexts(database.Factory), Runtime, NullLogger<TimerPump>.Instance);
        var rules = Options.Create(options ?? new RatingOptions());
        Invitations = new RatingInvitations(Runtime, rules);
        Invite = new InviteRatingHandler(Runtime, Invitations);
        Rate = new RateServiceHandler(Runtime, rules);
        Step = new TakeRectificationStepHandler(Runtime);
        Appeal = new AppealRectificationHandler(Runtime);
        Queries = new RatingQueries(database.Factory, registry, Runtime.Calendar, Clock);
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; }

    public WorkflowRuntime Runtime { get; }

    public TimerPump Pump { get; }

    public RatingInvitations Invitations { get; }

    public InviteRatingHandler Invite { get; }

    public RateServiceHandler Rate { get; }

    public TakeRectificationStepHandler Step { get; }

    public AppealRectificationHandler Appeal { get; }

    public RatingQueries Queries { get; }

    public static string CitizenEmail(TestHall hall) => $"citizen-{hall.Hall.Code}@test.gov.cn";

    /// <summary>An instant on China's wall clock in 2026.</summary>
    public static DateTimeOffset Cst(int month, int day, int hour, int minute = 0, int second = 0) => new(2026, month, day, hour, minute, second, TimeSpan.FromHours(8));

    /// <summary>A service item (契税) of the hall, served at its first window.</summary>
    public static async Task<int> ItemAsync(TestDatabase database, TestHall hall)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(hall);
        await using var db = database.CreateContext();
        var item = new ServiceItem(hall.Hall.Id, "QS", "契税");
        db.Attach(hall.Windows[0]);
        item.Windows.Add(hall.Windows[0]);
        db.Add(item);
        await db.SaveChangesAsync();
        return item.Id;
    }

    /// <summary>A matter served ten minutes ago at the hall's window <paramref name="window"/>.</summary>
    public ServedMatter Served(TestHall hall, int itemId, int window = 0, string? email = "") => new(
        Guid.NewGuid(), hall.Hall.Id, hall.Windows[window].Id, itemId, $"staff-{hall.Windows[window].Id}", "张三",
        email == "" ? CitizenEmail(hall) : email, Clock.GetUtcNow().AddMinutes(-10));

    /// <summary>Invites as the queue does: inside a transaction of the caller's.</summary>
    public Task<RatingInvitationIssued?> InviteAsync(ServedMatter served) =>
        Runtime.InTransactionAsync((db, ct) => Invitations.InviteAsync(db, served, ct));

    /// <summary>Invites and returns the token the email carries.</summary>
    public async Task<(Guid Id, string Token)> InvitedAsync(TestHall hall, int itemId, int window = 0)
    {
        var issued = await InviteAsync(Served(hall, itemId, window));
        return (issued!.Id, TokenOf(issued.Link));
    }

    public static string TokenOf(string text) => TokenPattern().Match(text).Groups[1].Value;

    /// <summary>Rates and returns the rectification the bad rating opened, if any.</summary>
    public async Task<Guid?> RateAsync(string token, RatingLevel level, string? comment = null)
    {
        await Rate.HandleAsync(new RateService(token, level, comment), CancellationToken.None);
        await using var db = Database.CreateContext();
        return await db.Set<ServiceRating>().Where(r => r.TokenHash == ServiceRating.HashToken(token)).Select(r => r.RectificationId).SingleAsync();
    }

    public Task<TransitionResult> StepAsync(Guid id, TestHall hall, RectificationStep step, string note = "已办理") =>
        Step.HandleAsync(new TakeRectificationStep(id, step, note, Database.VersionOf(id)), RuntimeHarness.Lead(hall), CancellationToken.None);

    /// <summary>Call back, verify, rectify and report back, in order.</summary>
    public async Task ReportBackAsync(Guid id, TestHall hall)
    {
        foreach (var step in new[] { RectificationStep.CallBack, RectificationStep.Verify, RectificationStep.Rectify, RectificationStep.ReportBack })
        {
            Assert.True((await StepAsync(id, hall, step, $"{step} 说明")).Applied);
        }
    }

    public async Task AtAsync(DateTimeOffset instant)
    {
        Clock.SetUtcNow(instant.ToUniversalTime());
        while (await Pump.FireDueAsync(500, CancellationToken.None) > 0)
        {
        }
    }

    /// <summary>The templates and recipients of the emails an instance owes, oldest first.</summary>
    public async Task<List<(string Template, string To)>> OutboxAsync(Guid id)
    {
        await using var db = Database.CreateContext();
        return [.. (await db.Outbox.AsNoTracking().Where(o => o.InstanceId == id).OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).ToListAsync()).Select(o => (o.Template, o.RecipientEmail))];
    }

    public async Task<WorkflowInstance> InstanceAsync(Guid id)
    {
        await using var db = Database.CreateContext();
        return await db.Instances.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    [GeneratedRegex("/rate/([A-Za-z0-9_-]{32})")]
    private static partial Regex TokenPattern();
}
