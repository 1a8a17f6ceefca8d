using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall;

/// <summary>Who in a hall hears of a step.</summary>
public static class HallRecipients
{
    /// <summary>The hall lead on duty (窗口负责人 / 中心值班领导) of the hall the instance's data names.</summary>
    public static RecipientRule LeadOf<TData>(Func<TData, int> hallId) => new("中心值班领导", async (context, ct) =>
    {
        var id = hallId(context.Data<TData>());
        return await context.Db.Set<Hall>().Where(h => h.Id == id).Select(h => new Recipient(h.LeadName, h.LeadEmail)).ToListAsync(ct);
    });
}
