using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Governance.Engine.Storage;

/// <summary>
/// Tells a database that is away for a while (restarting, failing over, refusing connections, a
/// network cut) from a fault of the code. Background loops wait and retry on the first; requests
/// answer 503 with Retry-After. EF Core wraps a transient Npgsql failure in an
/// <see cref="InvalidOperationException"/> ("…likely due to a transient failure…"), and a pool
/// that cannot open a connection in time throws <see cref="TimeoutException"/> or a socket error,
/// so the whole chain of inner exceptions is looked at.
/// </summary>
public static class DatabaseOutage
{
    /// <summary>Whether <paramref name="exception"/> (or one it wraps) says the database cannot be reached now.</summary>
    public static bool IsOutage(Exception? exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case PostgresException pg:
                    return IsOutageState(pg.SqlState);
                case NpgsqlException npgsql when npgsql.IsTransient:
                case TimeoutException:
                case SocketException:
                    return true;
                case AggregateException aggregate:
                    return aggregate.InnerExceptions.Any(IsOutage);
            }
        }

        return false;
    }

    /// <summary>
    /// EF Core logs every failed connection as an error of its own, and the caller gets the exception
    /// too: a background loop that logs once per outage (<see cref="OutageBackoff"/>) and a request
    /// that answers 503 would still leave an error a try in the log. Down to debug: whoever gets
    /// the exception says what it means.
    /// </summary>
    public static DbContextOptionsBuilder QuietConnectionErrors(this DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Log((RelationalEventId.ConnectionError, LogLevel.Debug)));

    // Class 08 connection exceptions; 57P01–57P03 admin shutdown, crash shutdown, cannot connect now;
    // 55000 with ALLOW_CONNECTIONS false reads "database … is not currently accepting connections"
    // (SQLSTATE 55000 object_not_in_prerequisite_state); 53300 too many connections.
    private static bool IsOutageState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal)
        || state is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.ObjectNotInPrerequisiteState;
}
