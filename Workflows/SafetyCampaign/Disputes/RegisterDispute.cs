using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>A party as registered: phone required, ID number checked when given (required for a 信访's applicant: 信访实名), email optional.</summary>
public sealed record DisputePartyInput(string Name, string Phone, string? IdNumber, string? Email);

/// <summary>
/// A dispute or petition is registered at the place it arose (a village, community or unit),
/// with how it came in. From the village's own channels (walk-in, grid worker, police, hotline) it
/// starts with the village's police officer (police matters) or mediator-led team; 越级 to the
/// township or the city starts at that level, flagged, and the township's officials are told.
/// A 信访 is registered when it is accepted (受理), so the regulation's 15 days to decide
/// acceptance end at registration, and its 60-day conclusion bound runs from then.
/// </summary>
public sealed record RegisterDispute(DisputeKind? Kind, MatterCategory? Category, DisputeSource? Source, int PlaceId, string Summary, IReadOnlyList<DisputePartyInput>? Parties);

public sealed class RegisterDisputeHandler(WorkflowRuntime runtime, IOptions<DisputeOptions> options)
{
    public const int MaxSummary = 1000;
    public const int MaxParties = 10;

    /// <summary>Registers and routes the matter in one transaction, or throws <see cref="RequestValidationException"/> storing nothing.</summary>
    /// <exception cref="UnauthorizedAccessException">The actor may not register from this source, or the place is outside their scope.</exception>
    public Task<WorkflowInstance> HandleAsync(RegisterDispute command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        runtime.EnsureMayStart(DisputeWorkflow.Name, actor);

        var parties = (command.Parties ?? []).Select(Normalised).ToList();
        var validation = new Validation()
            .OneOf(command.Kind, "kind", DisputeNames.DisplayName)
            .OneOf(command.Category, "category", MatterCategories.DisplayName)
            .OneOf(command.Source, "source", DisputeNames.DisplayName)
            .Check(command.PlaceId > 0, "placeId", "必填")
            .Text(command.Summary, "summary", MaxSummary)
            .Check(parties.Count is >= 1 and <= MaxParties, "parties", $"须有 1 到 {MaxParties} 名当事人");
        for (var i = 0; i < parties.Count; i++)
        {
            var p = parties[i];
            var petitioner = i == 0 && command.Kind == DisputeKind.Petition;
            validation
                .Text(p.Name, $"parties[{i}].name", 50)
                .Check(PersonalData.IsMobile(p.Phone), $"parties[{i}].phone", "请填写 11 位手机号码")
                .Check(p.IdNumber is null ? !petitioner : PersonalData.IsIdNumber(p.IdNumber, ChinaTime.DateOf(runtime.Now)), $"parties[{i}].idNumber", p.IdNumber is null ? "信访人须填写身份证号（实名信访）" : "身份证号应为 18 位且校验位正确")
                .Check(p.Email is null || PersonalData.IsEmail(p.Email), $"parties[{i}].email", "邮箱地址格式不正确");
        }

        validation.ThrowIfInvalid();
        var (kind, category, source) = (command.Kind!.Value, command.Category!.Value, command.Source!.Value);
        if ((source.IsSkipLevel() && actor.Role == Roles.VillageTeam) || (source == DisputeSource.CityDirect && actor.Role != Roles.Admin))
        {
            throw new UnauthorizedAccessException($"“{source.DisplayName()}”的事项由到达的一级登记");
        }

        if (actor.Role == Roles.Citizen && source != DisputeSource.Online)
        {
            throw new UnauthorizedAccessException("群众只能以“群众网上反映”登记本人反映的事项");
        }

        return runtime.InTransactionAsync(async (db, token) =>
        {
            var place = await db.Set<Place>().AsNoTracking().Include(p => p.Township).Include(p => p.Roster)
                .SingleOrDefaultAsync(p => p.Id == command.PlaceId, token);
            new Validation().Check(place is not null, "placeId", "村（社区）或单位不存在").ThrowIfInvalid();
            var orgUnit = Place.OrgUnitOf(place!.TownshipId, place.Id);
            if (!actor.CanSee(orgUnit))
            {
                throw new UnauthorizedAccessException("该村（社区）或单位不在您的职责范围内");
            }

            var level = source.StartLevel();
            var department = level == DisputeLevel.Department ? await DisputeRecipients.DepartmentFor(db, category, token) : null;
            new Validation().Check(level != DisputeLevel.Department || department is not null, "category", "没有对该类事项有事权的市直部门").ThrowIfInvalid();

            var now = runtime.Now;
            var limits = options.Value.Limits();
            var petitionDueAt = kind == DisputeKind.Petition ? runtime.Calendar.AddCalendarDays(now, limits.PetitionConclusionDays) : (DateTimeOffset?)null;
            var seat = category.IsPoliceMatter() ? RosterRole.PoliceOfficer : RosterRole.Mediator;
            var handler = place.Roster.FirstOrDefault(m => m.Role == seat) is { } member ? $"{member.Title} {member.Name}" : seat == RosterRole.PoliceOfficer ? "社区民警" : "调解员";
            var reference = await DisputeReference.NextAsync(db, now, token);
            var data = new DisputeData(
                kind, category, place.TownshipId, place.Township!.Name, place.Id, place.Name, source.IsSkipLevel(), handler, limits, now, petitionDueAt,
                department?.Id, department?.Name, Reference: reference);
            var title = $"{kind.DisplayName()}（{category.DisplayName()}）：{place.Township.Name}{place.Name}";
            var instance = await runtime.StartAsync(db, DisputeWorkflow.Name, orgUnit, title, data, actor, token);

            var dispute = new Dispute(instance.Id, reference, kind, category, source, place.TownshipId, place.Id, command.Summary.Trim(), level, department?.Id, petitionDueAt, actor.Id, now);
            dispute.Parties.AddRange(parties.Select((p, i) => new DisputeParty(i, p.Name.Trim(), p.Phone, p.IdNumber, p.Email)));
            db.Add(dispute);

            var routed = await runtime.ApplyAtCurrentVersionAsync(
                db, instance.Id, DisputeWorkflow.Name, version => new Stimulus(instance.Id, DisputeWorkflow.RouteTrigger(level), actor, version, source.DisplayName(), FollowedOnline), token);
            return TransitionRefusedException.ThrowIfRefused(routed).Instance!;
        }, ct);

        // A citizen's own report is followed on their page, which the emails of its steps link to
        // (the id is known once the instance is started, so the routing step records it).
        void FollowedOnline(TransitionContext c)
        {
            if (actor.Role == Roles.Citizen)
            {
                c.UpdateData<DisputeData>(d => d with { CitizenLink = options.Value.CitizenLink(c.Instance.Id) });
            }
        }
    }

    /// <summary>A blank optional field (as a web form sends it) is an absent one; ID numbers in upper case.</summary>
    private static DisputePartyInput Normalised(DisputePartyInput p) => new(
        p.Name ?? "",
        p.Phone?.Trim() ?? "",
        string.IsNullOrWhiteSpace(p.IdNumber) ? null : p.IdNumber.Trim().ToUpperInvariant(),
        string.IsNullOrWhiteSpace(p.Email) ? null : p.Email.Trim());
}
