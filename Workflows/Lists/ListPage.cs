using System.Linq.Expressions;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Lists;

/// <summary>A status tab with how many of the list (its other filters applied) are in it; <c>Status</c> null is 全部.</summary>
public sealed record ListTab(string? Status, string Name, int Count);

/// <summary>One page of a list, with its total under the filters and the counts per status tab.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, int Total, int Page, int Pages, IReadOnlyList<ListTab> Tabs)
{
    public int PageSize => ListQuery.PageSize;
}

/// <summary>Lists paged in PostgreSQL: counts and one page are queries, nothing is filtered in memory.</summary>
public static class ListPaging
{
    /// <summary>
    /// The counts per status of <paramref name="query"/> (before its status filter), as tabs in
    /// the order of <paramref name="statuses"/> (every one shown, empty or not), 全部 first.
    /// </summary>
    public static async Task<IReadOnlyList<ListTab>> TabsAsync<T, TKey>(this IQueryable<T> query, Expression<Func<T, TKey>> status, IEnumerable<(TKey Status, string Name)> statuses, CancellationToken ct)
        where TKey : notnull
    {
        var counts = await query.GroupBy(status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return [new ListTab(null, "全部", counts.Values.Sum()), .. statuses.Select(s => new ListTab(s.Status.ToString(), s.Name, counts.GetValueOrDefault(s.Status)))];
    }

    /// <summary>One page of an ordered query (its order must be total, e.g. end on the id, so that pages never share or skip a row).</summary>
    public static async Task<ListPage<T>> PageAsync<T>(this IQueryable<T> ordered, int page, IReadOnlyList<ListTab> tabs, CancellationToken ct)
    {
        var total = await ordered.CountAsync(ct);
        var pages = Math.Max(1, (total + ListQuery.PageSize - 1) / ListQuery.PageSize);
        page = Math.Clamp(page, 1, pages);
        var items = await ordered.Skip((page - 1) * ListQuery.PageSize).Take(ListQuery.PageSize).ToListAsync(ct);
        return new ListPage<T>(items, total, page, pages, tabs);
    }

    /// <summary>A list with nothing in it: what a page shows when its filters were refused.</summary>
    public static ListPage<T> Empty<T>() => new([], 0, 1, 1, []);

    public static ListPage<TOut> Select<TIn, TOut>(this ListPage<TIn> page, Func<TIn, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new ListPage<TOut>([.. page.Items.Select(map)], page.Total, page.Page, page.Pages, page.Tabs);
    }

    /// <summary>The open instances on <paramref name="clock"/> at <paramref name="now"/>; a warning counts when the ledger holds one for the current version, i.e. the step it is in now.</summary>
    public static IQueryable<WorkflowInstance> OnClock(this IQueryable<WorkflowInstance> instances, EngineDbContext db, ListClock? clock, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        var open = instances.Where(i => i.ClosedAt == null);
        var inTime = open.Where(i => i.DueAt == null || i.DueAt >= now);
        return clock switch
        {
            ListClock.Overdue => open.Where(i => i.DueAt != null && i.DueAt < now),
            ListClock.Warned => inTime.Where(i => db.Ledger.Any(l => l.InstanceId == i.Id && l.Version == i.Version && l.Kind == LedgerKind.SlaWarning)),
            ListClock.Normal => inTime.Where(i => !db.Ledger.Any(l => l.InstanceId == i.Id && l.Version == i.Version && l.Kind == LedgerKind.SlaWarning)),
            _ => instances,
        };
    }

    /// <summary>The instances whose title holds the search, or whose id starts with it.</summary>
    public static IQueryable<WorkflowInstance> Matching(this IQueryable<WorkflowInstance> instances, ListQuery filter, params Expression<Func<WorkflowInstance, bool>>[] orAlso)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Pattern is not { } pattern || filter.Prefix is not { } prefix)
        {
            return instances;
        }

        Expression<Func<WorkflowInstance, bool>> own = i =>
            EF.Functions.ILike(i.Title, pattern, ListQuery.EscapeCharacter) || EF.Functions.ILike(i.Id.ToString(), prefix, ListQuery.EscapeCharacter);
        return instances.Where(orAlso.Aggregate(own, Or));
    }

    /// <summary>The states of a definition as status tabs.</summary>
    public static IEnumerable<(string Status, string Name)> StatusTabs(this WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.StatesInOrder.Select(s => (s.Name, s.DisplayName));
    }

    private static Expression<Func<T, bool>> Or<T>(Expression<Func<T, bool>> left, Expression<Func<T, bool>> right)
    {
        var body = Expression.OrElse(left.Body, new Rebind(right.Parameters[0], left.Parameters[0]).Visit(right.Body));
        return Expression.Lambda<Func<T, bool>>(body, left.Parameters);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
