using System.Globalization;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Incidents;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.ServiceHall.ExtendedHours;
using Governance.Workflows.ServiceHall.HomeVisits;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.ServiceHall.Ratings;
using Microsoft.Extensions.Options;

namespace Governance.Host.Pages.Admin;

/// <summary>One configured limit: its configuration key, what it means, its value in force.</summary>
public sealed record Limit(string Key, string Meaning, string Value);

public sealed record LimitGroup(string Title, string Section, IReadOnlyList<Limit> Limits);

/// <summary>The time limits in force, read from the options the use cases are given; changed in configuration (appsettings or environment), not here.</summary>
public sealed class LimitsModel(
    IOptions<DisputeOptions> disputes,
    IOptions<IncidentOptions> incidents,
    IOptions<AppointmentOptions> appointments,
    IOptions<QueueOptions> queue,
    IOptions<ExtendedHoursOptions> extendedHours,
    IOptions<HomeVisitOptions> homeVisits,
    IOptions<RatingOptions> ratings) : GovernancePage
{
    public IReadOnlyList<LimitGroup> Groups { get; private set; } = [];

    public void OnGet()
    {
        var d = disputes.Value;
        var i = incidents.Value;
        var a = appointments.Value;
        var q = queue.Value;
        var h = homeVisits.Value;
        var r = ratings.Value;
        Groups =
        [
            new("三零 · 矛盾纠纷与信访", DisputeOptions.Section, [
                new(nameof(d.VillageWorkingDays), "村级联动工作队化解时限", WorkingDays(d.VillageWorkingDays)),
                new(nameof(d.TownshipWorkingDays), "镇级化解时限", WorkingDays(d.TownshipWorkingDays)),
                new(nameof(d.DepartmentWorkingDays), "市直部门化解时限（含代办员代办）", WorkingDays(d.DepartmentWorkingDays)),
                new(nameof(d.FollowUpWorkingDays), "化解后回访时限", WorkingDays(d.FollowUpWorkingDays)),
                new(nameof(d.MaxExtensions), "每件事项最多延期次数", Count(d.MaxExtensions, "次")),
                new(nameof(d.MaxExtensionWorkingDays), "每次延期最多", WorkingDays(d.MaxExtensionWorkingDays)),
                new(nameof(d.PetitionConclusionDays), "信访事项自受理之日起办结时限（《信访工作条例》第三十二条）", Days(d.PetitionConclusionDays)),
                new(nameof(d.PetitionExtensionDays), "信访事项可延长一次，最多", Days(d.PetitionExtensionDays)),
            ]),
            new("三零 · 事故、案件登记", IncidentOptions.Section, [
                new(nameof(i.RegisterWithinDays), "事故、案件发生后可补登记的期限", Days(i.RegisterWithinDays)),
                new(nameof(i.MaxListed), "登记簿每次最多列出", Count(i.MaxListed, "条")),
            ]),
            new("预约办事", AppointmentOptions.Section, [
                new(nameof(a.MinLeadTime), "至少提前多久预约", Span(a.MinLeadTime)),
                new(nameof(a.MaxAdvance), "最多提前多久预约", Span(a.MaxAdvance)),
                new(nameof(a.ChangeCutoff), "开始前多久截止取消、改约", Span(a.ChangeCutoff)),
                new(nameof(a.NoShowGrace), "时段开始后超过此时长未签到，记爽约并释放号源", Span(a.NoShowGrace)),
                new(nameof(a.NoShowLimit), "爽约次数达到即暂停预约", Count(a.NoShowLimit, "次")),
                new(nameof(a.NoShowWindow), "爽约次数的统计期", Span(a.NoShowWindow)),
                new(nameof(a.Suspension), "暂停预约时长", Span(a.Suspension)),
            ]),
            new("取号排队", QueueOptions.Section, [
                new(nameof(q.CheckInOpensBefore), "预约时段开始前可到厅签到", Span(q.CheckInOpensBefore)),
                new(nameof(q.MaxReasonLength), "退回、转办理由最长", Count(q.MaxReasonLength, "字")),
                new(nameof(q.QueueViewLimit), "窗口队列最多显示", Count(q.QueueViewLimit, "人")),
            ]),
            new("延时服务", ExtendedHoursOptions.Section, [
                new(nameof(ExtendedHoursOptions.GraceAfterClosing), "下班后延时服务最长", Span(extendedHours.Value.GraceAfterClosing)),
            ]),
            new("上门服务", HomeVisitOptions.Section, [
                new(nameof(h.ReviewWorkingDays), "大厅负责人审核申请时限", WorkingDays(h.ReviewWorkingDays)),
                new(nameof(h.ScheduleWorkingDays), "审核通过后安排上门时限", WorkingDays(h.ScheduleWorkingDays)),
                new(nameof(h.ScheduleHorizonDays), "上门时间最远可排到", Days(h.ScheduleHorizonDays)),
            ]),
            new("好差评与整改", RatingOptions.Section, [
                new(nameof(r.InvitationValidDays), "评价链接有效期", Days(r.InvitationValidDays)),
                new(nameof(r.RectificationWorkingDays), "差评回访、核实、整改、反馈时限", WorkingDays(r.RectificationWorkingDays)),
                new(nameof(r.AppealDays), "反馈后群众可申诉的期限", Days(r.AppealDays)),
                new(nameof(r.ReviewWorkingDays), "大厅负责人复核申诉时限", WorkingDays(r.ReviewWorkingDays)),
            ]),
        ];
    }

    private static string WorkingDays(double days) => Number(days) + " 个工作日";

    private static string Days(double days) => Number(days) + " 天（自然日）";

    private static string Count(int n, string unit) => Number(n) + " " + unit;

    private static string Span(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? Number(span.TotalDays) + " 天"
        : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? Number(span.TotalHours) + " 小时"
        : Number(span.TotalMinutes) + " 分钟";

    private static string Number(double n) => n.ToString("0.##", CultureInfo.InvariantCulture);
}
