using Governance.Workflows.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Observability;

public sealed class ConsoleLogDatabase() : TestDatabase("console_log");

/// <summary>The Host's JSON console log, as LogCapture formats it with the Host's own options.</summary>
public sealed class ConsoleLogTests(ConsoleLogDatabase database) : IClassFixture<ConsoleLogDatabase>
{
    /// <summary>
    /// Bug: every Chinese character of a message was written as an escape (2027 年 → 2027 \u5E74):
    /// an operator could not read the log, and a phone number right after such a character looked
    /// like part of a longer run of hex digits to the log's personal-data check.
    /// </summary>
    [Fact]
    public async Task The_json_console_writes_chinese_as_it_is()
    {
        // 25 days before 2027, whose holidays are not entered yet: the health check warns in Chinese.
        await using var host = new GovernanceHost(database, new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero)));
        using var client = host.CreateClient();
        await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Contains(host.Logs.Lines, l => l.Contains("\"HealthCheckName\":\"calendar\"", StringComparison.Ordinal) && l.Contains("2027 年的节假日安排尚未录入", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("\\u5E74", StringComparison.OrdinalIgnoreCase));
    }
}
