using System.Globalization;
using System.Text;
using Npgsql;

namespace Governance.Benchmarks;

/// <summary>
/// After a run, the runtime's rows must add up: every applied transition left exactly one ledger
/// line, one version bump and one outbox row, and every instance holds one open work item and
/// its pending SLA timer. A fast run with rows missing would prove nothing.
/// </summary>
internal sealed class RuntimeRowsCheck
{
    private readonly List<(string What, long Expected, long Found)> _lines = [];

    public bool Passed => _lines.TrueForAll(l => l.Expected == l.Found);

    /// <param name="instances">Instances started (each wrote one ledger line, one outbox row, one work item, one timer).</param>
    /// <param name="applied">Transitions the clients saw applied.</param>
    public static async Task<RuntimeRowsCheck> RunAsync(string connectionString, long instances, long applied, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM wf.instances),
                   (SELECT coalesce(sum(version), 0) FROM wf.instances),
                   (SELECT count(*) FROM wf.ledger WHERE kind = 'Started'),
                   (SELECT count(*) FROM wf.ledger WHERE kind = 'Transition'),
                   (SELECT count(*) FROM wf.outbox),
                   (SELECT count(*) FROM wf.work_items),
                   (SELECT count(*) FROM wf.work_items WHERE closed_at IS NULL),
                   (SELECT count(*) FROM wf.timers),
                   (SELECT count(*) FROM wf.timers WHERE fired_at IS NULL AND cancelled_at IS NULL)
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (rows, versions, starts, transitions) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        var check = new RuntimeRowsCheck();
        check._lines.AddRange(
        [
            ("instances", instances, rows),
            ("ledger: start lines = instances", instances, starts),
            ("ledger: transition lines = transitions the clients saw applied", applied, transitions),
            ("ledger: transition lines = sum of instance versions", versions, transitions),
            ("outbox rows = transitions + starts", transitions + starts, reader.GetInt64(4)),
            ("work items = transitions + starts", transitions + starts, reader.GetInt64(5)),
            ("open work items = instances", rows, reader.GetInt64(6)),
            ("timers = transitions + starts (one per SLA limit, its warning and deadline on the row)", transitions + starts, reader.GetInt64(7)),
            ("pending timers = instances", rows, reader.GetInt64(8)),
        ]);
        return check;
    }

    /// <summary>Another line to check, from outside the runtime's tables.</summary>
    public void Add(string what, long expected, long found) => _lines.Add((what, expected, found));

    public string ToMarkdown()
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(inv, $"Rows after the run ({(Passed ? "consistent" : "**INCONSISTENT**")}):");
        text.AppendLine();
        text.AppendLine("| check | expected | found | |");
        text.AppendLine("| --- | ---: | ---: | --- |");
        foreach (var (what, expected, found) in _lines)
        {
            text.AppendLine(inv, $"| {what} | {expected} | {found} | {(expected == found ? "ok" : "**differs**")} |");
        }

        return text.ToString();
    }
}
