using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.Lists;
using Governance.Workflows.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.Administration;

/// <summary>Where an open instance stands against its clock: past its deadline (超期), or its clock stopped (暂停计时).</summary>
public enum InstanceClock
{
    Overdue,
    Paused,
}

/// <summary>Why an instance may be stuck: a timer whose firing fails, or an email that became a dead letter.</summary>
public enum InstanceTrouble
{
    TimerFailing,
    DeadLetter,
}

/// <summary>
/// What the administrator asks of the instance console (实例查询), as its page's query string carries
/// it: a definition and version, a state, an org unit (its prefix), the clock, a trouble, how many
/// days without a move, and the page. The person is not here: an ID number never rides in a URL.
/// </summary>
public sealed class InstanceQuery
{
    public const int MaxOrgUnit = 128;

    public const int MaxIdleDays = 3650;

    public string? Workflow { get; set; }

    public int? Version { get; set; }

    public string? State { get; set; }

    /// <summary>An org-unit path or its beginning (<c>hall/1</c> finds <c>hall/1/window/3</c>).</summary>
    public string? OrgUnit { get; set; }

    /// <summary><see cref="InstanceClock"/> by name.</summary>
    public string? Clock { get; set; }

    /// <summary><see cref="InstanceTrouble"/> by name.</summary>
    public string? Stuck { get; set; }

    /// <summary>Open instances that have not moved for at least this many days (无进展).</summary>
    public int? IdleDays { get; set; }

    /// <summary>1-based; none is the first, past the last reads as the last.</summary>
    public int? PageNo { get; set; }
}

/// <summary>One instance as the console lists it; <paramref name="Cancelled"/>: closed by an administrator, in a state that is not final.</summary>
public sealed record InstanceRow(
    Guid Id, string Workflow, string WorkflowName, int Version, string State, string StateName, string OrgUnit, string Title,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? DueAt, DateTimeOffset? ClockPausedAt, DateTimeOffset? ClosedAt,
    bool Cancelled, bool Overdue, bool TimerFailing, int DeadLetters);

/// <summary>
/// The instance console's search (实例查询): every definition's instances, newest first, a page at a
/// time, filtered in PostgreSQL. A person is found by the key every store matches people by
/// (<see cref="PersonalData.PersonKeyOf"/>), asked of each feature's store
/// (<see cref="IPersonInstances"/>); the number typed is hashed here and goes no further.
/// Administrators only: the Host admits no one else.
/// </summary>
public sealed class InstanceSearch(
    IDbContextFactory<EngineDbContext> dbFactory,
    WorkflowRegistry registry,
    IEnumerable<IPersonInstances> persons,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    /// <summary>The page of instances <paramref name="query"/> asks for; <paramref name="deadLetterAttempts"/>: attempts after which an unsent email is a dead letter.</summary>
    public Task<ListPage<InstanceRow>> SearchAsync(InstanceQuery query, int deadLetterAttempts, CancellationToken ct) =>
        SearchAsync(query, personKey: null, deadLetterAttempts, ct);

    /// <summary>As <see cref="SearchAsync(InstanceQuery, int, CancellationToken)"/>, of one person's instances, found by their ID number's key.</summary>
    /// <exception cref="RequestValidationException">Not an ID number: 400 naming <c>idNumber</c>, which never repeats it.</exception>
    public Task<ListPage<InstanceRow>> SearchByPersonAsync(InstanceQuery query, string? idNumber, int deadLetterAttempts, CancellationToken ct)
    {
        var number = idNumber?.Trim().ToUpperInvariant();
        new Validation()
            .Check(!string.IsNullOrEmpty(number), "idNumber", "必填")
            .Check(string.IsNullOrEmpty(number) || PersonalData.IsIdNumber(number, ChinaTime.DateOf(clock.GetUtcNow())), "idNumber", "身份证号应为 18 位且校验位正确")
            .ThrowIfInvalid();
        return SearchAsync(query, PersonalData.PersonKeyOf(number!), deadLetterAttempts, ct);
    }

    private async Task<ListPage<InstanceRow>> SearchAsync(InstanceQuery query, string? personKey, int deadLetterAttempts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (clockFilter, trouble) = Validate(query);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instances = db.Instances.AsNoTracking();
        if (query.Workflow is { Length: > 0 } workflow)
        {
            instances = instances.Where(i => i.DefinitionName == workflow);
        }

        if (query.Version is { } version)
        {
            instances = instances.Where(i => i.DefinitionVersion == version);
        }

        if (query.State is { Length: > 0 } state)
        {
            instances = instances.Where(i => i.State == state);
        }

        if (query.OrgUnit?.Trim() is { Length: > 0 } orgUnit)
        {
            instances = instances.Where(i => i.OrgUnit.StartsWith(orgUnit));
        }

        instances = clockFilter switch
        {
            InstanceClock.Overdue => instances.Where(i => i.ClosedAt == null && i.DueAt != null && i.DueAt < now),
            InstanceClock.Paused => instances.Where(i => i.ClosedAt == null && i.ClockPausedAt != null),
            _ => instances,
        };
        instances = trouble switch
        {
            InstanceTrouble.TimerFailing => instances.Where(i => db.Timers.Any(t => t.InstanceId == i.Id && t.FiredAt == null && t.CancelledAt == null && t.FailedAttempts > 0)),
            InstanceTrouble.DeadLetter => instances.Where(i => db.Outbox.Any(o => o.InstanceId == i.Id && o.SentAt == null && o.Attempts >= deadLetterAttempts)),
            _ => instances,
        };
        if (query.IdleDays is { } days)
        {
            var since = now.AddDays(-days);
            instances = instances.Where(i => i.ClosedAt == null && i.UpdatedAt < since);
        }

        if (personKey is not null)
        {
            // A person has few instances: each store is asked for their ids, then the list is read by them.
            var ids = new List<Guid>();
            foreach (var source in persons)
            {
                ids.AddRange(await source.InstancesOf(db, personKey).ToListAsync(ct));
            }

            instances = instances.Where(i => ids.Contains(i.Id));
        }

        var page = await instances
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Select(i => new
            {
                Instance = i,
                TimerFailing = db.Timers.Any(t => t.InstanceId == i.Id && t.FiredAt == null && t.CancelledAt == null && t.FailedAttempts > 0),
                DeadLetters = db.Outbox.Count(o => o.InstanceId == i.Id && o.SentAt == null && o.Attempts >= deadLetterAttempts),
            })
            .PageAsync(query.PageNo ?? 1, [], ct);
        return page.Select(r => Row(r.Instance, now, r.TimerFailing, r.DeadLetters));
    }

    private InstanceRow Row(WorkflowInstance i, DateTimeOffset now, bool timerFailing, int deadLetters)
    {
        var definition = registry.Find(i.DefinitionName, i.DefinitionVersion);
        return new InstanceRow(
            i.Id, i.DefinitionName, definition?.DisplayName ?? i.DefinitionName, i.DefinitionVersion, i.State, definition?.StateName(i.State) ?? i.State, i.OrgUnit, i.Title,
            i.CreatedAt, i.UpdatedAt, i.DueAt, i.ClockPausedAt, i.ClosedAt,
            definition is not null && i.IsCancelledIn(definition), i.ClosedAt is null && i.DueAt < now, timerFailing, deadLetters);
    }

    /// <summary>Checks every filter at once (a Chinese 400 naming each field), and returns the clock and trouble asked for.</summary>
    private (InstanceClock? Clock, InstanceTrouble? Trouble) Validate(InstanceQuery q)
    {
        var workflow = string.IsNullOrEmpty(q.Workflow) ? null : registry.FindLatest(q.Workflow);
        var versions = registry.All.Where(d => d.Name == workflow?.Name).ToList();
        var states = (workflow is null ? registry.All : versions.Where(d => q.Version is null || d.Version == q.Version)).SelectMany(d => d.States.Keys).ToHashSet();
        var clockOk = Enum.TryParse<InstanceClock>(q.Clock, ignoreCase: true, out var clockFilter) && Enum.IsDefined(clockFilter);
        var troubleOk = Enum.TryParse<InstanceTrouble>(q.Stuck, ignoreCase: true, out var trouble) && Enum.IsDefined(trouble);
        new Validation()
            .Check(string.IsNullOrEmpty(q.Workflow) || workflow is not null, "workflow", "没有这个流程")
            .Check(q.Version is null || workflow is not null, "version", "请先选择流程")
            .Check(q.Version is null || workflow is null || versions.Any(d => d.Version == q.Version), "version", $"应为已注册的版本（{string.Join("、", versions.Select(d => d.Version))}）之一")
            .Check(string.IsNullOrEmpty(q.State) || states.Contains(q.State), "state", "没有这个状态")
            .Check(q.OrgUnit is null || q.OrgUnit.Length <= InstanceQuery.MaxOrgUnit, "orgUnit", $"不能超过 {InstanceQuery.MaxOrgUnit} 个字符")
            .Check(string.IsNullOrEmpty(q.Clock) || clockOk, "clock", "应为 超期 或 暂停计时")
            .Check(string.IsNullOrEmpty(q.Stuck) || troubleOk, "stuck", "应为 定时器失败 或 邮件死信")
            .Check(q.IdleDays is null or (>= 1 and <= InstanceQuery.MaxIdleDays), "idleDays", $"应为 1 到 {InstanceQuery.MaxIdleDays} 之间的天数")
            .Check(q.PageNo is null or >= 1, "pageNo", "页码应为正整数")
            .ThrowIfInvalid();
        return (string.IsNullOrEmpty(q.Clock) ? null : clockFilter, string.IsNullOrEmpty(q.Stuck) ? null : trouble);
    }
}
