using Governance.Workflows.Lists;

namespace Governance.Host.Pages.Shared;

/// <summary>What the pager partial shows of a list's page.</summary>
public sealed record Pager(int Page, int Pages, int Total)
{
    public static Pager Of<T>(ListPage<T> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new(page.Page, page.Pages, page.Total);
    }
}
