namespace Governance.Notifications.Templates;

/// <summary>The rows every appointment email shows.</summary>
internal static class AppointmentRows
{
    public static IEnumerable<(string, string?)> Of(TemplateModel model) =>
    [
        ("预约号", model.Text("details.reference")),
        ("办理地点", model.Text("details.hallName")),
        ("事项", model.Text("details.itemName")),
        ("场次", model.Text("details.sessionName")),
        ("时段", $"{model.Time("details.startsAt")} 至 {model.Time("details.endsAt")?[^5..]}"),
    ];
}

/// <summary>To the citizen: the booking is confirmed, or its new time (改约) is.</summary>
public sealed class AppointmentConfirmed : EmailTemplate
{
    public override string Key => "appointment.confirmed";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        var rescheduled = model.Flag("details.rescheduled");
        return Compose(
            $"{(rescheduled ? "【改约成功】" : "【预约成功】")}{model.Text("details.itemName")} {model.Time("details.startsAt")}",
            recipientName,
            (rescheduled ? "您的预约已改至以下新时段，原时段已释放。" : "您的预约已确认。")
            + "请按时到场签到；如需改约或取消，请在时段开始 2 小时前凭预约号和手机号办理。",
            AppointmentRows.Of(model));
    }
}

/// <summary>To the citizen, the evening before: the appointment is tomorrow.</summary>
public sealed class AppointmentReminder : EmailTemplate
{
    public override string Key => "appointment.reminder";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【预约提醒】明天 {model.Time("details.startsAt")?[^5..]} {model.Text("details.itemName")}",
            recipientName,
            "温馨提醒：您明天有一项预约，请携带身份证件按时到场签到，逾时未签到将视为爽约。",
            AppointmentRows.Of(model));
    }
}

/// <summary>To the citizen: the booking is cancelled and the slot released.</summary>
public sealed class AppointmentCancelled : EmailTemplate
{
    public override string Key => "appointment.cancelled";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose($"【预约已取消】{model.Text("details.itemName")} {model.Time("details.startsAt")}", recipientName, "您的预约已取消。", AppointmentRows.Of(model));
    }
}

/// <summary>To the citizen: not checked in within the grace period; the slot went to someone else.</summary>
public sealed class AppointmentNoShow : EmailTemplate
{
    public override string Key => "appointment.no-show";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【爽约记录】{model.Text("details.itemName")} {model.Time("details.startsAt")}",
            recipientName,
            "您未在预约时段开始后按时签到，本次预约已记为爽约，时段已释放。90 天内爽约 3 次将暂停预约 30 天。",
            AppointmentRows.Of(model));
    }
}
