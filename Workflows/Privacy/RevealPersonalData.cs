using Governance.Engine;
using Governance.Engine.Runtime;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.Privacy;

/// <summary>Staff handling a case ask to see one of its masked numbers in full (显示完整号码); for a dispute, of which party.</summary>
public sealed record RevealPersonalData(RevealSubject Subject, Guid SubjectId, PersonalField Field, int? Party = null);

/// <summary>
/// Shows a number in full to the staff who are handling the case, and only after the reveal is
/// recorded. Which cases those are, and who handles them, each feature says in its
/// <see cref="IRevealSource"/>. Anyone else, and any case out of reach, gets <see cref="UnauthorizedAccessException"/>.
/// </summary>
public sealed class RevealPersonalDataHandler(
    IDbContextFactory<WorkflowDbContext> dbFactory,
    IEnumerable<IRevealSource> sources,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    private readonly Dictionary<RevealSubject, IRevealSource> _sources = sources.ToDictionary(s => s.Subject);

    public async Task<string> HandleAsync(RevealPersonalData command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        if (!_sources.TryGetValue(command.Subject, out var source) || !source.Handlers.Contains(actor.Role))
        {
            throw new UnauthorizedAccessException("只有办理该事项的工作人员可以查看完整号码");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await source.FindAsync(db, command.SubjectId, command.Party, command.Field, actor, ct)
            ?? throw new UnauthorizedAccessException(source.OutOfReach);
        var value = found.Value ?? throw new RuleViolationException("没有完整号码", "申请人未留此号码");

        // Recorded before it is shown: a reveal that cannot be recorded does not happen.
        db.Add(new PersonalDataReveal(actor, command.Subject, command.SubjectId, found.Party, found.OrgUnit, command.Field, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return value;
    }
}
