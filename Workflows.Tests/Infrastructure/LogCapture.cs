using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Governance.Workflows.Tests.Infrastructure;

/// <summary>
/// Everything a Host logs, written as its console writes it in production: every entry the
/// Host's filters let through, formatted by the Host's own JSON console formatter with its
/// options (scopes included), one line each. So a test reads the very lines an operator's log
/// collector would get, message, state, scopes and exception alike.
/// </summary>
public sealed partial class LogCapture(IEnumerable<ConsoleFormatter> formatters) : ILoggerProvider, ISupportExternalScope
{
    private readonly ConsoleFormatter _json = formatters.Single(f => f.Name == ConsoleFormatterNames.Json);
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>Every Host's capture of this run, so that an email that does not arrive can show what Hangfire logged (<see cref="Mailbox"/>).</summary>
    private static readonly ConcurrentBag<LogCapture> All = [];

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>What Hangfire logged in every Host of the run (it logs from Warning up), the last <paramref name="count"/> lines.</summary>
    public static IEnumerable<string> HangfireLines(int count) =>
        All.SelectMany(c => c.Lines).Where(l => l.Contains("\"Category\":\"Hangfire", StringComparison.Ordinal)).TakeLast(count);

    public static LogCapture Register(LogCapture capture)
    {
        All.Add(capture);
        return capture;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <summary>
    /// The lines that hold what looks like an ID number (18 characters, the last a digit or X) or a
    /// mainland mobile number (1[3-9] and 9 digits), standing alone: not inside a longer run of
    /// letters and digits, such as a GUID or a trace id.
    /// </summary>
    public IReadOnlyList<string> PersonalData() => [.. _lines.Where(l => IdNumber().IsMatch(l) || Mobile().IsMatch(l))];

    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")]
    private static partial Regex IdNumber();

    [GeneratedRegex(@"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")]
    private static partial Regex Mobile();

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using var line = new StringWriter();
            capture._json.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), capture._scopes, line);
            capture._lines.Enqueue(line.ToString());
        }
    }
}
