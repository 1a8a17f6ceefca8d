using Governance.Engine;

namespace Governance.Workflows.Lists;

/// <summary>Where an open matter stands against its current step's limit: 正常, 临期 (the 80 % warning went out for this step), 超期.</summary>
public enum ListClock
{
    Normal,
    Warned,
    Overdue,
}

/// <summary>
/// What a person asks of a list that grows, as its page's query string carries it (so a link or
/// a refresh shows the same list): words to look for, a status tab, a level, a place (township,
/// then village), the clock, and the page. Each list reads only the filters that apply to it.
/// </summary>
public sealed class ListQuery
{
    public const int PageSize = 20;

    public const int MaxSearch = 50;

    /// <summary>Words to look for (标题、编号、当事人…, as each list says).</summary>
    public string? Q { get; set; }

    /// <summary>A status tab: a state of the workflow, or the list's own kinds.</summary>
    public string? Status { get; set; }

    public string? Level { get; set; }

    public int? Township { get; set; }

    public int? Place { get; set; }

    /// <summary><see cref="ListClock"/> by name.</summary>
    public string? Clock { get; set; }

    /// <summary>1-based; past the last page reads as the last. Not called <c>page</c>: Razor Pages' route already carries a <c>page</c> value (the page's name).</summary>
    public int PageNo { get; set; } = 1;

    /// <summary>Whether any filter narrows the list (an empty list then says nothing matched, not that there is nothing).</summary>
    public bool IsFiltered => Search is not null || !string.IsNullOrEmpty(Status) || !string.IsNullOrEmpty(Level) || Township is not null || Place is not null || !string.IsNullOrEmpty(Clock);

    /// <summary>The search words trimmed, or null for none.</summary>
    public string? Search => string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();

    /// <summary>The search as an ILIKE pattern that finds it anywhere, its wildcards taken literally.</summary>
    public string? Pattern => Search is { } s ? $"%{Escape(s)}%" : null;

    /// <summary>The search as an ILIKE pattern that finds what starts with it (an id's first characters).</summary>
    public string? Prefix => Search is { } s ? $"{Escape(s)}%" : null;

    public const string EscapeCharacter = "\\";

    /// <summary>Checks the filters every list shares and returns the clock asked for; adds a list's own checks through <paramref name="more"/>.</summary>
    public ListClock? Validate(IEnumerable<string>? statuses, Action<Validation>? more = null)
    {
        var clockOk = Enum.TryParse<ListClock>(Clock, ignoreCase: true, out var clock) && Enum.IsDefined(clock);
        var validation = new Validation()
            .Check(Search is null || Search.Length <= MaxSearch, "q", $"不能超过 {MaxSearch} 个字")
            .Check(Status is null || statuses is null || statuses.Contains(Status), "status", "没有这个状态")
            .Check(Clock is null || clockOk, "clock", "应为 正常、临期 或 超期")
            .Check(PageNo >= 1, "pageNo", "页码应为正整数");
        more?.Invoke(validation);
        validation.ThrowIfInvalid();
        return Clock is null ? null : clock;
    }

    private static string Escape(string s) => s.Replace(EscapeCharacter, EscapeCharacter + EscapeCharacter, StringComparison.Ordinal)
        .Replace("%", EscapeCharacter + "%", StringComparison.Ordinal)
        .Replace("_", EscapeCharacter + "_", StringComparison.Ordinal);
}

public static class ListClockNames
{
    public static string DisplayName(this ListClock clock) => clock switch
    {
        ListClock.Normal => "正常",
        ListClock.Warned => "临期",
        ListClock.Overdue => "超期",
        _ => clock.ToString(),
    };
}
