using Governance.Engine.Runtime;
using Governance.Engine.Storage;

namespace Governance.Workflows.Privacy;

/// <summary>
/// A number found for a reveal: the case's org unit (a lead audits their unit's reveals by it), the
/// number in full (null when the case holds none), and, for a dispute, the party it belongs to.
/// </summary>
public sealed record RevealedNumber(string OrgUnit, string? Value, int? Party = null);

/// <summary>
/// Where one feature keeps the full numbers of one kind of case, and who handling such a case may
/// see them. Each feature registers its own; <see cref="RevealPersonalDataHandler"/> picks the one
/// of the subject asked for and records the reveal before it shows anything.
/// </summary>
public interface IRevealSource
{
    RevealSubject Subject { get; }

    /// <summary>The roles that may ask; anyone else is refused before anything is read.</summary>
    IReadOnlyList<string> Handlers { get; }

    /// <summary>The refusal when the case is absent or not the actor's to handle now: the same words for both.</summary>
    string OutOfReach { get; }

    /// <summary>The case's number, or null when the case is absent or out of <paramref name="actor"/>'s reach.</summary>
    Task<RevealedNumber?> FindAsync(EngineDbContext db, Guid subjectId, int? party, PersonalField field, Actor actor, CancellationToken ct);
}
