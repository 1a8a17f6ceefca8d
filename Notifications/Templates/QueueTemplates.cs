namespace Governance.Notifications.Templates;

/// <summary>To the hall lead: a window tried to close while it still holds tickets that must be finished today.</summary>
public sealed class QueueCloseRefused : EmailTemplate
{
    public override string Key => "queue.close-refused";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【闭窗提醒】{model.Text("details.window")} 仍有 {model.Text("details.count")} 个号未办结",
            recipientName,
            "以下窗口申请闭窗，但仍有须当日办结的号，且未登记延时服务。请安排办结、转窗口或登记延时服务。",
            [
                ("窗口", model.Text("details.window")),
                ("日期", model.Text("details.date")),
                ("未办结的号", model.Text("details.tickets")),
                ("申请人", model.Text("actor")),
                ("时间", model.Time("at")),
            ]);
    }
}

/// <summary>To the citizen who left an email: the ticket was returned (退回) and why, so the next trip brings what is missing.</summary>
public sealed class QueueTicketReturned : EmailTemplate
{
    public override string Key => "queue.returned";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【退回通知】{model.Text("details.itemName")} {model.Text("details.number")}",
            recipientName,
            "您本次办理的事项已退回，请按以下原因补齐后再来办理。",
            [
                ("办理地点", model.Text("details.hallName")),
                ("事项", model.Text("details.itemName")),
                ("排队号", model.Text("details.number")),
                ("退回原因", model.Text("reason")),
                ("时间", model.Time("at")),
            ]);
    }
}
