namespace Governance.Notifications.Templates;

/// <summary>To the hall lead: someone asks for a home visit (上门服务) and it waits for review.</summary>
public sealed class HomeVisitRequested : EmailTemplate
{
    public override string Key => "home-visit.requested";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【上门服务申请】{model.Text("details.matter")}（{model.Text("details.reasonKind")}）",
            recipientName,
            $"收到一件上门服务申请，请于 {model.Time("dueAt")} 前审核。",
            LeadRows(model));
    }

    /// <summary>What the lead sees of a visit: phone and ID number arrive masked, the address not at all.</summary>
    internal static IEnumerable<(string, string?)> LeadRows(TemplateModel model) =>
    [
        ("服务中心", model.Text("details.hall")),
        ("窗口", model.Text("details.window")),
        ("事项", model.Text("details.matter")),
        ("上门原因", model.Text("details.reasonKind")),
        ("申请人", model.Text("details.applicant")),
        ("联系电话", model.Text("details.phone")),
        ("身份证号", model.Text("details.idNumber")),
        ("上门时间", model.Time("details.visitAt")),
        ("上门人员", model.Text("details.staff")),
        ("当前环节", model.State),
        ("办理时限", model.Time("dueAt")),
    ];
}

/// <summary>To the hall lead: a step of a home visit has used 80 % of its limit (临期预警).</summary>
public sealed class HomeVisitWarning : EmailTemplate
{
    public override string Key => "home-visit.warning";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【临期预警】上门服务{model.Text("details.step")}即将到期：{model.Text("details.matter")}",
            recipientName,
            $"以下上门服务的“{model.Text("details.step")}”环节将于 {model.Time("dueAt")} 到期，请督促办理。",
            HomeVisitRequested.LeadRows(model));
    }
}

/// <summary>To the hall lead: a step of a home visit is past its limit (超期).</summary>
public sealed class HomeVisitOverdue : EmailTemplate
{
    public override string Key => "home-visit.overdue";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【超期提醒】上门服务{model.Text("details.step")}已超期：{model.Text("details.matter")}",
            recipientName,
            $"以下上门服务的“{model.Text("details.step")}”环节已于 {model.Time("dueAt")} 超过时限仍未办理，请立即处理。",
            HomeVisitRequested.LeadRows(model));
    }
}

/// <summary>To the applicant: the request passed review and a visit will be arranged.</summary>
public sealed class HomeVisitApproved : EmailTemplate
{
    public override string Key => "home-visit.approved";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【上门服务】您的申请已通过审核：{model.Text("details.matter")}",
            recipientName,
            "您的上门服务申请已通过审核，工作人员将尽快与您联系并确定上门时间。",
            [.. ApplicantRows(model), ("审核意见", model.Text("details.reviewNote"))]);
    }

    internal static IEnumerable<(string, string?)> ApplicantRows(TemplateModel model) =>
    [
        ("服务中心", model.Text("details.hall")),
        ("窗口", model.Text("details.window")),
        ("事项", model.Text("details.matter")),
    ];
}

/// <summary>To the applicant: the request did not pass review, and why.</summary>
public sealed class HomeVisitRejected : EmailTemplate
{
    public override string Key => "home-visit.rejected";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【上门服务】您的申请未通过审核：{model.Text("details.matter")}",
            recipientName,
            "很抱歉，您的上门服务申请未通过审核。如有疑问，请联系服务中心。",
            [.. HomeVisitApproved.ApplicantRows(model), ("原因", model.Text("details.reviewNote"))]);
    }
}

/// <summary>To the applicant: when the visit will be, and who comes.</summary>
public sealed class HomeVisitScheduled : EmailTemplate
{
    public override string Key => "home-visit.scheduled";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【上门服务】上门时间已确定：{model.Time("details.visitAt")}",
            recipientName,
            "您申请的上门服务已安排，届时工作人员将按约上门，请保持电话畅通。",
            [
                .. HomeVisitApproved.ApplicantRows(model),
                ("上门时间", model.Time("details.visitAt")),
                ("上门人员", model.Text("details.staff")),
                ("说明", model.Text("details.scheduleNote")),
            ]);
    }
}

/// <summary>To whichever side did not cancel: the applicant withdrew, or the hall cancelled.</summary>
public sealed class HomeVisitCancelled : EmailTemplate
{
    public override string Key => "home-visit.cancelled";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【上门服务】申请已撤回：{model.Text("details.matter")}",
            recipientName,
            "以下上门服务申请已撤回，不再上门。",
            [.. HomeVisitApproved.ApplicantRows(model), ("撤回原因", model.Text("details.cancelReason")), ("操作人", model.Text("actor"))]);
    }
}

/// <summary>To the applicant: materials are missing (补正); the step's clock stands still until they arrive.</summary>
public sealed class HomeVisitPaused : EmailTemplate
{
    public override string Key => "home-visit.paused";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【上门服务】请补充材料：{model.Text("details.matter")}",
            recipientName,
            $"办理您的上门服务申请还需补充以下材料：{model.Text("reason")}。补齐前本环节暂停计时，材料补齐后工作人员将恢复办理，剩余办理时限顺延。",
            [.. HomeVisitApproved.ApplicantRows(model), ("当前环节", model.State), ("需补充的材料", model.Text("reason"))]);
    }
}

/// <summary>To the applicant: the materials arrived and the step's clock runs again, with its new limit.</summary>
public sealed class HomeVisitResumed : EmailTemplate
{
    public override string Key => "home-visit.resumed";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【上门服务】材料已收到，恢复办理：{model.Text("details.matter")}",
            recipientName,
            $"您补充的材料已收到，上门服务申请恢复办理，本环节将于 {model.Time("dueAt")} 前办理完毕。",
            [.. HomeVisitApproved.ApplicantRows(model), ("当前环节", model.State), ("说明", model.Text("reason")), ("办理时限", model.Time("dueAt"))]);
    }
}
