using System.Net;
using System.Net.Http.Json;
using Governance.Workflows.ServiceHall.ExtendedHours;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Governance.Workflows.Tests.Api;

public sealed class ClusterDatabase() : TestDatabase("cluster");

/// <summary>Two Hosts on one PostgreSQL are two nodes of one cluster: every timer fires once, every email goes once.</summary>
[Collection(WholeMachine.Name)]
public sealed class ClusterTests(ClusterDatabase database) : IClassFixture<ClusterDatabase>
{
    [Fact]
    public async Task Two_nodes_fire_each_sla_timer_once_and_send_each_email_once()
    {
        var clock = new FakeTimeProvider(RuntimeHarness.FridayMorning.ToUniversalTime());
        await using var nodeA = new GovernanceHost(database, clock);
        await using var nodeB = new GovernanceHost(database, clock);
        var hall = await TestHall.CreateAsync(database);
        var staffA = await nodeA.SignInAsync(Roles.WindowStaff, hall.Windows[0].OrgUnit);
        var staffB = await nodeB.SignInAsync(Roles.WindowStaff, hall.Windows[0].OrgUnit);
        const int count = 40;

        var registered = await Task.WhenAll(Enumerable.Range(0, count).Select(i => (i % 2 == 0 ? staffA : staffB).PostAsJsonAsync("/api/extended-hours", new
        {
            windowId = hall.Windows[0].Id,
            matter = $"合同备案 {i}",
            applicantKind = "company",
            applicantName = "周口某置业有限公司",
            reason = "当日到期",
            expectedFinish = "2026-11-20T18:00:00+08:00",
        })));
        foreach (var response in registered)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }

        await Mailbox.WaitForAsync(hall.LeadEmail, count, TimeSpan.FromSeconds(60));
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 20, 19, 0, 1, TimeSpan.FromHours(8)).ToUniversalTime());
        await Mailbox.WaitForAsync(hall.LeadEmail, 2 * count, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2));

        var mail = await Mailbox.ToAsync(hall.LeadEmail);
        Assert.Equal(2 * count, mail.Count);
        Assert.Equal(2 * count, mail.Select(m => m.MessageId).Distinct().Count());
        await using var db = database.CreateContext();
        var instances = await db.Instances.Where(i => i.OrgUnit == hall.Windows[0].OrgUnit).ToListAsync();
        Assert.Equal(count, instances.Count);
        Assert.All(instances, i => Assert.Equal((ExtendedHoursWorkflow.Overdue, 1), (i.State, i.Version)));
        var ids = instances.Select(i => i.Id).ToList();
        Assert.Equal(count, await db.Ledger.CountAsync(l => ids.Contains(l.InstanceId) && l.Trigger == ExtendedHoursWorkflow.Expire));
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM qrtz_scheduler_state"));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

public sealed class ClusterKeysDatabase() : TestDatabase("cluster_keys");

/// <summary>Two Hosts on one PostgreSQL share one Data Protection key ring.</summary>
public sealed class ClusterKeyRingTests(ClusterKeysDatabase database) : IClassFixture<ClusterKeysDatabase>
{
    /// <summary>
    /// A person's next request may reach any node: what one node sealed (a bearer token here; sign-in
    /// cookies, antiforgery tokens and booking keys alike) the other opens, because the key ring
    /// lives in the database, not in each machine's file system.
    /// </summary>
    [Fact]
    public async Task A_token_one_node_issued_is_accepted_by_the_other_and_the_key_ring_is_in_the_database()
    {
        var clock = new FakeTimeProvider(RuntimeHarness.FridayMorning.ToUniversalTime());
        await using var nodeA = new GovernanceHost(database, clock);
        await using var nodeB = new GovernanceHost(database, clock);
        var hall = await TestHall.CreateAsync(database);
        var staffA = await nodeA.SignInAsync(Roles.WindowStaff, hall.Windows[0].OrgUnit);
        var atB = nodeB.CreateClient();
        atB.DefaultRequestHeaders.Authorization = staffA.DefaultRequestHeaders.Authorization;

        var response = await atB.GetAsync($"/api/queue/windows/{hall.Windows[0].Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var keys = new NpgsqlCommand("SELECT count(*) FROM auth.\"DataProtectionKeys\"", connection);
        Assert.True((long)(await keys.ExecuteScalarAsync())! >= 1);
    }
}
