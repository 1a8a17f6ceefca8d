using Governance.Engine.Runtime;

namespace Governance.Workflows.SafetyCampaign.Incidents;

/// <summary>
/// A safety accident (事故) at a village, community or unit: production-safety, traffic, fire or
/// other; its grade, deaths and serious injuries. It breaks the place's 零事故 for the month it
/// occurred in.
/// </summary>
public sealed record RegisterAccident(int PlaceId, IncidentType? Type, DateTimeOffset? OccurredAt, AccidentSeverity? Severity, int? Deaths, int? Injuries, string? Summary);

public sealed class RegisterAccidentHandler(IncidentRegister register)
{
    /// <summary>Most casualties of either kind one line may give: beyond any accident on record.</summary>
    public const int MaxCasualties = 10_000;

    /// <summary>Stores the accident, or throws <see cref="RequestValidationException"/> storing nothing.</summary>
    /// <exception cref="UnauthorizedAccessException">The actor does not register accidents, or not at this place.</exception>
    public Task<Incident> HandleAsync(RegisterAccident command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        var (deaths, injuries) = (command.Deaths ?? 0, command.Injuries ?? 0);
        var implied = IncidentNames.ImpliedSeverity(deaths, injuries);
        register.Validate(actor, IncidentKind.Accident, command.PlaceId, command.Type, command.OccurredAt, command.Summary)
            .Check(deaths is >= 0 and <= MaxCasualties, "deaths", $"应为 0 到 {MaxCasualties} 之间的整数")
            .Check(injuries is >= 0 and <= MaxCasualties, "injuries", $"应为 0 到 {MaxCasualties} 之间的整数")
            .OneOf(command.Severity, "severity", IncidentNames.DisplayName)
            .Check(command.Severity is not { } severity || severity >= implied, "severity", $"死亡 {deaths} 人、重伤 {injuries} 人至少为{implied.DisplayName()}")
            .ThrowIfInvalid();
        return register.AddAsync(
            command.PlaceId, command.OccurredAt!.Value, command.Summary!, new IncidentFacts(command.Type!.Value, command.Severity, deaths, injuries), actor, ct);
    }
}
