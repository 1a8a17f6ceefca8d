using System.Text.Json;

namespace Governance.Engine.Runtime;

/// <summary>
/// One running request (an appointment, a dispute, an extended-hours service), pinned to the
/// definition version it started with. Its state only moves through <see cref="WorkflowRuntime"/>.
/// </summary>
public sealed class WorkflowInstance
{
    /// <summary>How instance data and notification models are written: the web defaults (camelCase).</summary>
    public static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    private WorkflowInstance()
    {
    }

    internal WorkflowInstance(Guid id, WorkflowDefinition definition, string orgUnit, string title, object data, IReadOnlyDictionary<string, double> limits, DateTimeOffset now, Guid? parentId = null)
    {
        Limits = JsonSerializer.Serialize(limits);
        Id = id;
        ParentId = parentId;
        DefinitionName = definition.Name;
        DefinitionVersion = definition.Version;
        State = definition.InitialState;
        OrgUnit = orgUnit;
        Title = title;
        Data = JsonSerializer.Serialize(data, DataJson);
        CreatedAt = now;
        UpdatedAt = now;
        StateEnteredAt = now;
    }

    /// <summary>An instance as its row holds it (the runtime reads rows itself: see <c>RuntimeRows</c>).</summary>
    internal WorkflowInstance(
        Guid id, string definitionName, int definitionVersion, string state, string orgUnit, string title, string data, int version,
        DateTimeOffset createdAt, DateTimeOffset updatedAt, DateTimeOffset stateEnteredAt, DateTimeOffset? dueAt, int? dueProvisionalYear, DateTimeOffset? closedAt, string limits, Guid? parentId, DateTimeOffset? clockPausedAt)
    {
        Limits = limits;
        ParentId = parentId;
        Id = id;
        DefinitionName = definitionName;
        DefinitionVersion = definitionVersion;
        State = state;
        OrgUnit = orgUnit;
        Title = title;
        Data = data;
        Version = version;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
        StateEnteredAt = stateEnteredAt;
        DueAt = dueAt;
        DueProvisionalYear = dueProvisionalYear;
        ClosedAt = closedAt;
        ClockPausedAt = clockPausedAt;
    }

    public Guid Id { get; private set; }

    public string DefinitionName { get; private set; } = "";

    /// <summary>The instance that started this one as its child (<see cref="WorkflowRuntime.StartChildAsync"/>), which may wait for its children to finish.</summary>
    public Guid? ParentId { get; private set; }

    public int DefinitionVersion { get; private set; }

    public string State { get; private set; } = "";

    /// <summary>Org-unit path, e.g. <c>hall/1/window/3</c>; queries are scoped by its prefix.</summary>
    public string OrgUnit { get; private set; } = "";

    /// <summary>A short zh-CN line for lists and emails; no personal data.</summary>
    public string Title { get; private set; } = "";

    /// <summary>The request's own facts as JSON (jsonb); list queries never read it.</summary>
    public string Data { get; private set; } = "{}";

    /// <summary>Bumped by every transition; a stimulus meant for an older version is a no-op.</summary>
    public int Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset StateEnteredAt { get; private set; }

    public DateTimeOffset? DueAt { get; private set; }

    /// <summary>
    /// When <see cref="DueAt"/> is provisional (暂定): the first year without holiday data that its
    /// working-day count ran through. Null for a limit counted on entered years only, or on calendar days.
    /// </summary>
    public int? DueProvisionalYear { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>
    /// The configured limits in force when the instance started (jsonb, days by configuration key,
    /// e.g. <c>{"ServiceHall:HomeVisits:ReviewWorkingDays": 1}</c>): its deadlines count with these,
    /// whatever the configuration says later.
    /// </summary>
    public string Limits { get; private set; } = "{}";

    /// <summary>The days of configured limit <paramref name="key"/> pinned when the instance started.</summary>
    public double PinnedLimit(string key) =>
        JsonSerializer.Deserialize<Dictionary<string, double>>(Limits)!.TryGetValue(key, out var days)
            ? days
            : throw new InvalidOperationException($"Instance {Id} has no pinned limit {key}: it started before its definition configured it.");

    /// <summary>
    /// Since when the current state's clock stands still (暂停计时, e.g. 补正: waiting for the
    /// applicant's materials); while it does, <see cref="DueAt"/> is null and no SLA timer is pending.
    /// </summary>
    public DateTimeOffset? ClockPausedAt { get; private set; }

    public T GetData<T>() => JsonSerializer.Deserialize<T>(Data, DataJson)
        ?? throw new InvalidOperationException($"Instance {Id} has no data.");

    internal void MoveTo(string state, bool isFinal, DateTimeOffset now)
    {
        State = state;
        Version++;
        UpdatedAt = now;
        StateEnteredAt = now;
        DueAt = null;
        DueProvisionalYear = null;
        ClosedAt = isFinal ? now : null;
        ClockPausedAt = null;
    }

    /// <summary>
    /// Closed by an administrator's cancel (撤销): a new version, no deadline, no paused clock; the
    /// state stays the one it was in, so its definition still describes where it stopped. A closed
    /// instance in a state that is not final is one that was cancelled (<see cref="IsCancelledIn"/>).
    /// </summary>
    internal void Cancel(DateTimeOffset now)
    {
        Version++;
        UpdatedAt = now;
        DueAt = null;
        DueProvisionalYear = null;
        ClosedAt = now;
        ClockPausedAt = null;
    }

    /// <summary>Whether the instance was cancelled by an administrator: closed in a state <paramref name="definition"/> does not end in.</summary>
    public bool IsCancelledIn(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return ClosedAt is not null && !definition.States[State].IsFinal;
    }

    /// <summary>Stops the clock: a new version, no deadline until it is resumed.</summary>
    internal void PauseClock(DateTimeOffset now)
    {
        Version++;
        UpdatedAt = now;
        DueAt = null;
        DueProvisionalYear = null;
        ClockPausedAt = now;
    }

    /// <summary>Runs the clock again towards <paramref name="dueAt"/>: a new version.</summary>
    internal void ResumeClock(DateTimeOffset now, DateTimeOffset dueAt, int? provisionalYear)
    {
        Version++;
        UpdatedAt = now;
        ClockPausedAt = null;
        SetDue(dueAt, provisionalYear);
    }

    /// <summary>
    /// Pinned to another version of its definition (an administrator's migration; the move that goes
    /// with it bumps the version). The limits it has pinned stay as they are; those the version
    /// configures that it lacks are pinned as configuration says now (<paramref name="configured"/>).
    /// Whether any were added.
    /// </summary>
    internal bool Repin(int definitionVersion, IReadOnlyDictionary<string, double> configured)
    {
        DefinitionVersion = definitionVersion;
        var pinned = JsonSerializer.Deserialize<Dictionary<string, double>>(Limits)!;
        var added = configured.Where(c => !pinned.ContainsKey(c.Key)).ToList();
        if (added.Count == 0)
        {
            return false;
        }

        foreach (var (key, days) in added)
        {
            pinned[key] = days;
        }

        Limits = JsonSerializer.Serialize(pinned);
        return true;
    }

    /// <summary>A new version without a move, e.g. a migration that keeps the state and its clock.</summary>
    internal void Touch(DateTimeOffset now)
    {
        Version++;
        UpdatedAt = now;
    }

    /// <summary>Whether <see cref="Data"/> was replaced since the row was read, so that a write sends it.</summary>
    internal bool DataChanged { get; private set; }

    internal void ReplaceData(object data)
    {
        Data = JsonSerializer.Serialize(data, DataJson);
        DataChanged = true;
    }

    internal void SetDue(DateTimeOffset dueAt, int? provisionalYear)
    {
        DueAt = dueAt;
        DueProvisionalYear = provisionalYear;
    }
}
