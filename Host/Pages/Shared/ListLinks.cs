using Governance.Host.Live;
using Governance.Workflows.Lists;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace Governance.Host.Pages.Shared;

/// <summary>
/// Links within a list that keep its filters in the URL (so a link or a refresh shows the same
/// list): the current query string with some keys changed. Changing a filter starts again at
/// page 1; only a pager link sets the page.
/// </summary>
public static class ListLinks
{
    /// <summary>The request's path and query with <paramref name="changes"/> applied (a null or empty value removes the key).</summary>
    public static string With(HttpRequest request, params (string Key, string? Value)[] changes)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(changes);
        // A live part's refresh carries the change it was told of (LiveParts.QueryKey): no link keeps it.
        var keys = changes.Select(c => c.Key).Append(PageKey).Append("handler").Append(LiveParts.QueryKey).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var query = new QueryBuilder();
        foreach (var (key, values) in request.Query.Where(q => !keys.Contains(q.Key)))
        {
            foreach (var value in values.Where(v => !string.IsNullOrEmpty(v)))
            {
                query.Add(key, value!);
            }
        }

        foreach (var (key, value) in changes.Where(c => !string.IsNullOrEmpty(c.Value)))
        {
            query.Add(key, value!);
        }

        return request.Path + query.ToQueryString().Value;
    }

    /// <summary>The same list at another page.</summary>
    public static string Page(HttpRequest request, int page) => With(request, (PageKey, page == 1 ? null : page.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The page number's key (<see cref="ListQuery.PageNo"/>).</summary>
    public const string PageKey = "pageNo";

    /// <summary>The list's live part (<paramref name="handler"/>) with the filters the page shows, for the page to refresh it.</summary>
    public static string Live(HttpRequest request, string handler)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new QueryBuilder(request.Query.Where(q => !string.Equals(q.Key, "handler", StringComparison.OrdinalIgnoreCase) && !string.Equals(q.Key, LiveParts.QueryKey, StringComparison.OrdinalIgnoreCase)).SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))))
        {
            { "handler", handler },
        };
        return request.Path + query.ToQueryString().Value;
    }

    /// <summary>The clock filter's choices, for the lists that have one.</summary>
    public static IEnumerable<(string Value, string Name)> Clocks => Enum.GetValues<ListClock>().Select(c => (c.ToString(), c.DisplayName()));
}
