using Governance.Engine.Runtime;

namespace Governance.Workflows.SafetyCampaign.Incidents;

/// <summary>
/// A criminal case (刑事案件) or a public-security case of significant impact (有重大影响的治安案件)
/// at a village, community or unit. It breaks the place's 零案件 for the month it occurred in.
/// </summary>
public sealed record RegisterCase(int PlaceId, IncidentType? Type, DateTimeOffset? OccurredAt, string? Summary);

public sealed class RegisterCaseHandler(IncidentRegister register)
{
    /// <summary>Stores the case, or throws <see cref="RequestValidationException"/> storing nothing.</summary>
    /// <exception cref="UnauthorizedAccessException">The actor does not register cases, or not at this place.</exception>
    public Task<Incident> HandleAsync(RegisterCase command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        register.Validate(actor, IncidentKind.Case, command.PlaceId, command.Type, command.OccurredAt, command.Summary).ThrowIfInvalid();
        return register.AddAsync(command.PlaceId, command.OccurredAt!.Value, command.Summary!, new IncidentFacts(command.Type!.Value, null, 0, 0), actor, ct);
    }
}
