namespace Governance.Notifications.Templates;

/// <summary>To the administrator: the holiday calendar of the coming year has not been entered.</summary>
public sealed class CalendarYearMissing : EmailTemplate
{
    public override string Key => "calendar.year-missing";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【请录入】{model.Text("details.missingYear")} 年节假日安排尚未录入",
            recipientName,
            model.Text("details.message") ?? "",
            [("缺少年份", model.Text("details.missingYear")), ("剩余天数", model.Text("details.daysLeft"))]);
    }
}
