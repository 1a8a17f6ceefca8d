using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Workflows.Lists;
using Governance.Engine.Runtime;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.ServiceHall.Ratings;

/// <summary>Where a rectification stands, as the citizen sees it through the rating link.</summary>
public sealed record RectificationProgress(string State, string StateName, string? Reply, DateTimeOffset? ReportedAt, DateTimeOffset? AppealUntil, bool CanAppeal, string? ReviewReply);

/// <summary>What the rating link shows, to whoever holds it: the service, never the person.</summary>
public sealed record RatingPage(
    string Hall,
    string Window,
    string Item,
    DateOnly ServedOn,
    string State,
    string StateName,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<RatingChoice> Levels,
    RatingLevel? Level,
    string? LevelName,
    string? Comment,
    DateTimeOffset? RatedAt,
    RectificationProgress? Rectification);

/// <summary>One level the citizen may choose: the identifier to send and the words to show.</summary>
public sealed record RatingChoice(RatingLevel Level, string Name);

/// <summary>
/// A rectification as the hall lead sees it: with the citizen's email, which 回访 needs.
/// <c>DueProvisionalYear</c> (of <c>DueAt</c>) and <c>StepDueProvisionalYear</c>, when set, make
/// those limits provisional (暂定): counted through a year whose holidays are not entered.
/// </summary>
public sealed record RectificationView(
    Guid Id,
    int Version,
    string State,
    string StateName,
    string Hall,
    string Window,
    string Item,
    DateTimeOffset ServedAt,
    RatingLevel Level,
    string LevelName,
    string? Comment,
    string? CitizenName,
    string CitizenEmail,
    DateTimeOffset OpenedAt,
    DateTimeOffset DueAt,
    int? DueProvisionalYear,
    DateTimeOffset? StepDueAt,
    int? StepDueProvisionalYear,
    bool Overdue,
    string? CallBackNote,
    string? Finding,
    string? Measures,
    string? Reply,
    DateTimeOffset? ReportedAt,
    DateTimeOffset? AppealUntil,
    string? AppealReason,
    DateTimeOffset? AppealedAt,
    DateTimeOffset? ReviewDueAt,
    string? ReviewReply,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<string> Actions,
    IReadOnlyList<LedgerLine> Ledger);

/// <summary>
/// One window's month (or the hall's, with <see cref="WindowId"/> 0): ratings per level, the
/// satisfaction rate (非常满意 + 满意 + 基本满意 over all; null without ratings), the bad ones, and
/// the rectifications they opened: open (work owed, an appeal under review included), closed
/// (reported back), overdue (reported back after the deadline, or not yet and past it).
/// </summary>
public sealed record WindowRatings(
    int WindowId,
    string Window,
    int VerySatisfied,
    int Satisfied,
    int BasicallySatisfied,
    int Dissatisfied,
    int VeryDissatisfied,
    int Total,
    double? SatisfactionRate,
    int BadCount,
    int RectificationsOpen,
    int RectificationsClosed,
    int RectificationsOverdue);

/// <summary>A hall's 好差评 of one month, China time, by the day the rating was given; every window listed, rated or not.</summary>
public sealed record MonthlyRatings(int HallId, string Hall, string Month, IReadOnlyList<WindowRatings> Windows, WindowRatings HallTotal);

/// <summary>A rating in the lead's list: the service, the level and what the citizen wrote, and the rectification it opened (if bad).</summary>
public sealed record RatingLine(Guid Id, DateTimeOffset RatedAt, string Window, string Item, RatingLevel Level, string LevelName, string? Comment, Guid? RectificationId);

/// <summary>A rectification in the lead's list, with its current step's limit.</summary>
public sealed record RectificationSummary(Guid Id, string Title, string State, string StateName, DateTimeOffset OpenedAt, DateTimeOffset? DueAt, int? DueProvisionalYear, bool Overdue, DateTimeOffset? ClosedAt);

public sealed class RatingQueries(IDbContextFactory<WorkflowDbContext> dbFactory, WorkflowRegistry registry, WorkingCalendar calendar, [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    private static readonly IReadOnlyList<RatingChoice> Choices = [.. Enum.GetValues<RatingLevel>().Select(l => new RatingChoice(l, l.DisplayName()))];

    /// <summary>The rating link's page, or null for a token that names nothing.</summary>
    public async Task<RatingPage?> PageAsync(string token, CancellationToken ct)
    {
        if (!ServiceRating.IsWellFormed(token))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hash = ServiceRating.HashToken(token);
        var rating = await db.Set<ServiceRating>().AsNoTracking().SingleOrDefaultAsync(r => r.TokenHash == hash, ct);
        if (rating is null)
        {
            return null;
        }

        var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == rating.Id, ct);
        var d = instance.GetData<RatingData>();
        RectificationProgress? progress = null;
        if (rating.RectificationId is { } id)
        {
            var rectification = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == id, ct);
            var r = rectification.GetData<RectificationData>();
            var canAppeal = rectification.State == RectificationWorkflow.Reported && clock.GetUtcNow() <= r.AppealUntil;
            progress = new RectificationProgress(
                rectification.State, RectificationWorkflow.Definition.States[rectification.State].DisplayName, r.Reply, r.ReportedAt, r.AppealUntil, canAppeal, r.ReviewReply);
        }

        return new RatingPage(
            d.HallName, d.Window, d.Item, ChinaTime.DateOf(d.ServedAt), instance.State, RatingInvitationWorkflow.Definition.States[instance.State].DisplayName,
            d.ExpiresAt, Choices, rating.Level, rating.Level?.DisplayName(), rating.Comment, rating.RatedAt, progress);
    }

    /// <summary>One rectification with its ledger (台账), or null if absent or outside the actor's scope (window staff never see one).</summary>
    public async Task<RectificationView?> RectificationAsync(Guid id, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id && i.DefinitionName == RectificationWorkflow.Name, ct);
        if (instance is null || !RectificationWorkflow.Definition.Reaches(actor, instance))
        {
            return null;
        }

        var d = instance.GetData<RectificationData>();
        var definition = RectificationWorkflow.Definition;
        var ledger = await LedgerQueries.TimelineAsync(db, registry, instance, ct);
        var actions = definition.TransitionsFrom(instance.State).Where(t => t.Roles.Contains(actor.Role)).Select(t => t.Trigger).ToList();
        var reportDue = RectificationWorkflow.ReportDueAt(instance, calendar);
        return new RectificationView(
            instance.Id, instance.Version, instance.State, definition.States[instance.State].DisplayName, d.HallName, d.Window, d.Item, d.ServedAt,
            d.Level, d.Level.DisplayName(), d.Comment, d.CitizenName, d.CitizenEmail, d.OpenedAt, reportDue, calendar.FirstYearWithoutData(d.OpenedAt, reportDue),
            instance.DueAt, instance.DueProvisionalYear,
            instance.ClosedAt is null && instance.DueAt < clock.GetUtcNow(), d.CallBackNote, d.Finding, d.Measures, d.Reply, d.ReportedAt, d.AppealUntil,
            d.AppealReason, d.AppealedAt, RectificationWorkflow.ReviewDueAt(instance, calendar), d.ReviewReply, instance.ClosedAt, actions, ledger);
    }

    /// <summary>
    /// A hall's monthly rollup (<paramref name="month"/> as <c>yyyy-MM</c>), for its lead or the
    /// administrator; null if the hall does not exist.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">Not a hall lead or administrator, or another hall's lead.</exception>
    public Task<MonthlyRatings?> MonthlyAsync(int hallId, string? month, Actor actor, CancellationToken ct) => RollupAsync(hallId, month, actor, outOfScopeIsAbsent: false, ct);

    /// <summary>The same rollup as the file handed on reads it: null also when the hall is another lead's.</summary>
    /// <exception cref="UnauthorizedAccessException">Not a hall lead or administrator.</exception>
    public Task<MonthlyRatings?> MonthlyWithinScopeAsync(int hallId, string? month, Actor actor, CancellationToken ct) => RollupAsync(hallId, month, actor, outOfScopeIsAbsent: true, ct);

    private async Task<MonthlyRatings?> RollupAsync(int hallId, string? month, Actor actor, bool outOfScopeIsAbsent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var parsed = CalendarMonth.TryParse(month, out var period);
        new Validation()
            .Check(hallId > 0, "hallId", "必填")
            .Check(parsed, "month", CalendarMonth.FormatHint)
            .ThrowIfInvalid();
        var inScope = actor.CanSee($"hall/{hallId}");
        if (actor.Role is not (Roles.HallLead or Roles.Admin) || !inScope && !outOfScopeIsAbsent)
        {
            throw new UnauthorizedAccessException("只能查看本服务中心的好差评统计");
        }

        if (!inScope)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hall = await db.Set<Hall>().AsNoTracking().Where(h => h.Id == hallId).Select(h => h.Name).SingleOrDefaultAsync(ct);
        if (hall is null)
        {
            return null;
        }

        var (from, to) = (period.Start.ToUniversalTime(), period.End.ToUniversalTime());
        var ofMonth = db.Set<ServiceRating>().AsNoTracking().Where(r => r.HallId == hallId && r.RatedAt >= from && r.RatedAt < to);
        var levels = await ofMonth.GroupBy(r => new { r.WindowId, r.Level }).Select(g => new { g.Key.WindowId, g.Key.Level, Count = g.Count() }).ToListAsync(ct);
        var rectifications = await ofMonth.Where(r => r.RectificationId != null)
            .Join(db.Instances, r => r.RectificationId, i => (Guid?)i.Id, (r, i) => new { r.WindowId, i.State, r.RectificationDueAt, r.ReportedAt })
            .ToListAsync(ct);
        var windows = await db.Set<ServiceWindow>().AsNoTracking().Where(w => w.HallId == hallId).OrderBy(w => w.Code).Select(w => new { w.Id, w.Code, w.Name }).ToListAsync(ct);

        var now = clock.GetUtcNow();
        WindowRatings Count(int windowId, string name, Func<int, bool> of)
        {
            int Level(RatingLevel level) => levels.Where(l => of(l.WindowId) && l.Level == level).Sum(l => l.Count);
            var rects = rectifications.Where(r => of(r.WindowId)).ToList();
            var (verySatisfied, satisfied, basically, dissatisfied, veryDissatisfied) =
                (Level(RatingLevel.VerySatisfied), Level(RatingLevel.Satisfied), Level(RatingLevel.BasicallySatisfied), Level(RatingLevel.Dissatisfied), Level(RatingLevel.VeryDissatisfied));
            var total = verySatisfied + satisfied + basically + dissatisfied + veryDissatisfied;
            var open = rects.Count(r => RectificationWorkflow.OpenStates.Contains(r.State));
            return new WindowRatings(
                windowId, name, verySatisfied, satisfied, basically, dissatisfied, veryDissatisfied, total,
                total == 0 ? null : Math.Round((double)(verySatisfied + satisfied + basically) / total, 4),
                dissatisfied + veryDissatisfied, open, rects.Count - open, rects.Count(r => (r.ReportedAt ?? now) > r.RectificationDueAt));
        }

        return new MonthlyRatings(
            hallId, hall, period.ToString(),
            [.. windows.Select(w => Count(w.Id, $"{w.Code} {w.Name}", id => id == w.Id))],
            Count(0, "全厅合计", _ => true));
    }

    /// <summary>A page of the ratings given in the actor's scope, newest first: a tab per level, and words in the comment, the window or the item.</summary>
    /// <exception cref="UnauthorizedAccessException">Not a hall lead or administrator.</exception>
    public async Task<ListPage<RatingLine>> RatingsPageAsync(Actor actor, ListQuery filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        AuthoriseLists(actor);
        filter.Validate(Enum.GetNames<RatingLevel>());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pattern = filter.Pattern;
        var invitations = db.Instances.AsNoTracking().Where(i => i.DefinitionName == RatingInvitationWorkflow.Name).WithinScopeOf(actor, i => i.OrgUnit).Select(i => i.Id);
        var query =
            from r in db.Set<ServiceRating>().AsNoTracking()
            join w in db.Set<ServiceWindow>() on r.WindowId equals w.Id
            join item in db.Set<ServiceItem>() on r.ItemId equals item.Id
            where r.RatedAt != null && r.Level != null && invitations.Contains(r.Id)
            where pattern == null || EF.Functions.ILike(r.Comment ?? "", pattern, ListQuery.EscapeCharacter)
                || EF.Functions.ILike(w.Code + " " + w.Name, pattern, ListQuery.EscapeCharacter) || EF.Functions.ILike(item.Name, pattern, ListQuery.EscapeCharacter)
            select new { r.Id, RatedAt = r.RatedAt!.Value, Window = w.Code + " " + w.Name, Item = item.Name, Level = r.Level!.Value, r.Comment, r.RectificationId };
        var tabs = await query.TabsAsync(r => r.Level, Enum.GetValues<RatingLevel>().Select(l => (l, l.DisplayName())), ct);
        var level = Enum.TryParse<RatingLevel>(filter.Status, out var l) ? l : (RatingLevel?)null;
        var page = await query.Where(r => level == null || r.Level == level).OrderByDescending(r => r.RatedAt).ThenByDescending(r => r.Id).PageAsync(filter.PageNo, tabs, ct);
        return page.Select(r => new RatingLine(r.Id, r.RatedAt, r.Window, r.Item, r.Level, r.Level.DisplayName(), r.Comment, r.RectificationId));
    }

    /// <summary>A page of the rectifications in the actor's scope, newest first: a tab per step, the clock, and words in the title or the id's first characters.</summary>
    /// <exception cref="UnauthorizedAccessException">Not a hall lead or administrator.</exception>
    public async Task<ListPage<RectificationSummary>> RectificationsPageAsync(Actor actor, ListQuery filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        AuthoriseLists(actor);
        var definition = RectificationWorkflow.Definition;
        var onClock = filter.Validate(definition.States.Keys);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var query = db.Instances.AsNoTracking().Where(i => i.DefinitionName == RectificationWorkflow.Name).WithinScopeOf(actor, i => i.OrgUnit).OnClock(db, onClock, now).Matching(filter);
        var tabs = await query.TabsAsync(i => i.State, definition.StatusTabs(), ct);
        var page = await query.Where(i => filter.Status == null || i.State == filter.Status)
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Select(i => new { i.Id, i.Title, i.State, i.CreatedAt, i.DueAt, i.DueProvisionalYear, i.ClosedAt })
            .PageAsync(filter.PageNo, tabs, ct);
        return page.Select(r => new RectificationSummary(
            r.Id, r.Title, r.State, definition.States[r.State].DisplayName, r.CreatedAt, r.DueAt, r.DueProvisionalYear, r.ClosedAt is null && r.DueAt < now, r.ClosedAt));
    }

    private static void AuthoriseLists(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role is not (Roles.HallLead or Roles.Admin))
        {
            throw new UnauthorizedAccessException("只有大厅负责人和管理员可以查看好差评与整改");
        }
    }
}
