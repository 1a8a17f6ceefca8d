using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;

namespace Governance.Engine.Runtime;

/// <summary>
/// <see cref="Actor.CanSee"/> as a database query: rows whose org unit is the actor's own unit or
/// lies below it. The one rule every scoped list uses, so none can match only what lies below
/// (<c>hall/1/window/3/…</c>) and miss the window's own rows (<c>hall/1/window/3</c>), nor match a
/// sibling that merely starts alike (<c>hall/1/window/30</c>).
/// </summary>
public static class ScopeFilter
{
    /// <summary>The rows of <paramref name="query"/> whose <paramref name="orgUnit"/> the actor can see; all of them for a city-wide (empty) scope.</summary>
    public static IQueryable<T> WithinScopeOf<T>(this IQueryable<T> query, Actor actor, Expression<Func<T, string>> orgUnit)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(orgUnit);
        var unit = actor.Scope.TrimEnd('/');
        if (unit.Length == 0)
        {
            return query;
        }

        // Captured variables, not constants: EF Core sends them as parameters and caches one plan for every scope.
        var below = unit + "/";
        Expression<Func<string, bool>> within = o => o == unit || o.StartsWith(below);
        var body = ReplacingExpressionVisitor.Replace(within.Parameters[0], orgUnit.Body, within.Body);
        return query.Where(Expression.Lambda<Func<T, bool>>(body, orgUnit.Parameters));
    }
}
