using Governance.Engine;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.SafetyCampaign.Incidents;

/// <summary>What one register line says beyond the place, the time and the summary.</summary>
internal sealed record IncidentFacts(IncidentType Type, AccidentSeverity? Severity, int Deaths, int Injuries);

/// <summary>
/// What registering an accident and a case have in common: who may (the village team at its own
/// place, a township official in their township, the administrator anywhere), the place, when it
/// occurred (not in the future, not longer ago than <see cref="IncidentOptions.RegisterWithinDays"/>)
/// and the summary; and the one transaction that stores the line.
/// </summary>
public sealed class IncidentRegister(WorkflowRuntime runtime, IOptions<IncidentOptions> options)
{
    public const int MaxSummary = 1000;

    /// <summary>Those who register disputes register accidents and cases too.</summary>
    public static IReadOnlyList<string> Registrars => DisputeWorkflow.Registrars;

    /// <summary>The common fields' checks, to which the register adds its own before throwing.</summary>
    /// <exception cref="UnauthorizedAccessException">The actor's role does not register incidents.</exception>
    internal Validation Validate(Actor actor, IncidentKind kind, int placeId, IncidentType? type, DateTimeOffset? occurredAt, string? summary)
    {
        if (!Registrars.Contains(actor.Role))
        {
            throw new UnauthorizedAccessException($"{Roles.DisplayName(actor.Role)}不能登记{kind.DisplayName()}");
        }

        var now = runtime.Now;
        var days = options.Value.RegisterWithinDays;
        return new Validation()
            .Check(placeId > 0, "placeId", "必填")
            .OneOf(type, "type", IncidentNames.DisplayName, t => t.Kind() == kind)
            .Check(occurredAt is not null, "occurredAt", "必填")
            .Check(occurredAt is null || occurredAt <= now, "occurredAt", "不能晚于当前时间")
            .Check(occurredAt is null || occurredAt >= now.AddDays(-days), "occurredAt", $"只能登记 {days} 天内发生的{kind.DisplayName()}")
            .Text(summary, "summary", MaxSummary);
    }

    /// <summary>Stores the line at the place, if the place exists (else 400) and lies within the actor's scope (else 403).</summary>
    internal Task<Incident> AddAsync(int placeId, DateTimeOffset occurredAt, string summary, IncidentFacts facts, Actor actor, CancellationToken ct) =>
        runtime.InTransactionAsync(async (db, token) =>
        {
            var place = await db.Set<Place>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == placeId, token);
            new Validation().Check(place is not null, "placeId", "村（社区）或单位不存在").ThrowIfInvalid();
            if (!actor.CanSee(Place.OrgUnitOf(place!.TownshipId, place.Id)))
            {
                throw new UnauthorizedAccessException("该村（社区）或单位不在您的职责范围内");
            }

            var now = runtime.Now;
            var incident = new Incident(Guid.CreateVersion7(now), facts.Type, place, occurredAt, facts.Severity, facts.Deaths, facts.Injuries, summary.Trim(), actor, now);
            db.Add(incident);
            return incident;
        }, ct);
}
