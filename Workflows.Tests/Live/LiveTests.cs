using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Host.Auth;
using Governance.Host.Live;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Governance.Workflows.Tests.Live;

/// <summary>
/// A database of its own: the listener of every Host on a database hears every change made on it,
/// and a test here ends the listeners' connections.
/// </summary>
public sealed class LiveDatabase() : TestDatabase("live");

/// <summary>Two Hosts as two processes on one database: two nodes, each with its own listener.</summary>
public sealed class LiveNodes : IAsyncLifetime
{
    /// <summary>How long a live refresh trusts its cookie here (<see cref="LiveOptions.SessionRecheck"/>): short, so a test can outwait it.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(8);

    public LiveDatabase Database { get; } = new();

    public HostProcess A { get; private set; } = null!;

    public HostProcess B { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        A = await StartAsync("live-a");
        B = await StartAsync("live-b");
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }

    private Task<HostProcess> StartAsync(string name) => HostProcess.StartAsync(name, new Dictionary<string, string>
    {
        ["ConnectionStrings__Governance"] = Database.ConnectionString,
        ["Smtp__Host"] = Mailbox.SmtpHost,
        ["Smtp__Port"] = Mailbox.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Demo__Seed"] = "false",
        ["Live__SessionRecheck"] = Recheck.ToString(),
    }, TimeSpan.FromSeconds(90));
}

/// <summary>
/// Live pages told of changes through PostgreSQL LISTEN/NOTIFY and Server-Sent Events, on two
/// Host processes: what a stream is told on either node and what it is refused, the listeners'
/// recovery, and the live parts kept for the pages of one role and scope.
/// </summary>
[Collection(WholeMachine.Name)]
public sealed partial class LiveTests(LiveNodes nodes) : IClassFixture<LiveNodes>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Recheck = LiveNodes.Recheck;

    private readonly TestDatabase database = nodes.Database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_ticket_issued_through_one_node_reaches_pages_on_both_within_a_second()
    {
        var (hall, item) = await HallWithItemAsync();
        var topic = Topic(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(hall.Hall.Id));
        await using var onA = await LiveEvents.OpenAsync(nodes.A.Http, topic);
        await using var onB = await LiveEvents.OpenAsync(nodes.B.Http, topic);
        await onA.NextAsync(LiveStream.ReadyEvent, Soon);
        await onB.NextAsync(LiveStream.ReadyEvent, Soon);
        var staff = await TestAccounts.BearerAsync(database, nodes.A, Roles.WindowStaff, hall.Windows[0].OrgUnit);

        // The hall's pages watch everything under it: a ticket is told at its item's queue.
        var queue = Topic(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(hall.Hall.Id, item.Id));
        for (var i = 0; i < 3; i++)
        {
            using var issued = await staff.PostAsJsonAsync("/api/queue/tickets", new { itemId = item.Id }, Ct);
            var committed = Stopwatch.GetTimestamp();
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
            var toA = await onA.ChangeOfAsync(queue, committed, Soon);
            var toB = await onB.ChangeOfAsync(queue, committed, Soon);
            Assert.True(toA < TimeSpan.FromSeconds(1) && toB < TimeSpan.FromSeconds(1), $"commit → page: {toA.TotalMilliseconds:0} ms on A, {toB.TotalMilliseconds:0} ms on B");
        }
    }

    [Fact]
    public async Task A_stream_is_told_of_the_changes_it_watches_and_of_no_other()
    {
        var (hall, item) = await HallWithItemAsync();
        var (otherHall, otherItem) = await HallWithItemAsync();
        var township = await TestTownship.CreateAsync(database);
        var otherTownship = await TestTownship.CreateAsync(database);
        await using var bigScreen = await LiveEvents.OpenAsync(nodes.B.Http, Topic(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(hall.Hall.Id)));
        await using var alerts = await LiveEvents.OpenAsync(await SignInAsync(Roles.TownshipOfficial, township.Scope), Topic(DisputeWorkflow.Name, township.Scope));
        await bigScreen.NextAsync(LiveStream.ReadyEvent, Soon);
        await alerts.NextAsync(LiveStream.ReadyEvent, Soon);

        // The other hall's and township's changes first: had they been told, they would come first.
        await IssueAsync(otherHall, otherItem);
        await RegisterAsync(otherTownship);
        await IssueAsync(hall, item);
        await RegisterAsync(township);

        var (ticket, _) = await bigScreen.NextAsync(LiveStream.ChangeEvent, Soon);
        Assert.Equal(Topic(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(hall.Hall.Id, item.Id)), ticket.Data);
        var (dispute, _) = await alerts.NextAsync(LiveStream.ChangeEvent, Soon);
        Assert.Equal(Topic(DisputeWorkflow.Name, Place.OrgUnitOf(township.Township.Id, township.Village.Id)), dispute.Data);
        Assert.False(string.IsNullOrEmpty(ticket.EventId));
        Assert.DoesNotContain(bigScreen.Seen, e => e.Data.Contains($"hall/{otherHall.Hall.Id}", StringComparison.Ordinal));
        Assert.DoesNotContain(alerts.Seen, e => e.Data.Contains(otherTownship.Scope, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Topics_out_of_the_viewers_scope_answer_as_not_found_and_malformed_ones_name_the_field()
    {
        var township = await TestTownship.CreateAsync(database);
        var other = await TestTownship.CreateAsync(database);
        var official = await SignInAsync(Roles.TownshipOfficial, township.Scope);
        var village = await SignInAsync(Roles.VillageTeam, Place.OrgUnitOf(township.Township.Id, township.Village.Id));
        var citizen = await SignInAsync(Roles.Citizen, "");
        var admin = await SignInAsync(Roles.Admin, "");
        var anonymous = nodes.A.Http;

        foreach (var (client, topics) in new[]
        {
            (official, Topic(DisputeWorkflow.Name, other.Scope)),
            (official, DisputeWorkflow.Name),
            (official, $"{Topic(DisputeWorkflow.Name, township.Scope)};{Topic(DisputeWorkflow.Name, other.Scope)}"),
            (village, Topic(DisputeWorkflow.Name, township.Scope)),
            (citizen, DisputeWorkflow.Name),
            (anonymous, Topic(DisputeWorkflow.Name, township.Scope)),
        })
        {
            using var refused = await LiveEvents.SendAsync(client, topics);
            Assert.True(refused.StatusCode == HttpStatusCode.NotFound, $"{topics}: {(int)refused.StatusCode}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        foreach (var topics in new[] { "", "no-such-workflow hall/1", $"{TicketWorkflow.Name} hall/1 extra", $"{TicketWorkflow.Name} hall/<1>", string.Join(';', Enumerable.Range(1, 11).Select(i => $"{TicketWorkflow.Name} hall/{i}")) })
        {
            using var bad = await LiveEvents.SendAsync(anonymous, topics);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var problem = await bad.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.True(problem.GetProperty("errors").TryGetProperty(LiveTopic.Field, out _), $"{topics}: {problem}");
        }

        // In scope: the official's township, the village's own place, the administrator anywhere, the queue for anyone.
        foreach (var (client, topics) in new[]
        {
            (official, Topic(DisputeWorkflow.Name, Place.OrgUnitOf(township.Township.Id, township.Village.Id))),
            (village, Topic(DisputeWorkflow.Name, Place.OrgUnitOf(township.Township.Id, township.Village.Id))),
            (admin, DisputeWorkflow.Name),
            (citizen, Topic(TicketWorkflow.Name, "hall/1")),
            (anonymous, TicketWorkflow.Name),
        })
        {
            await using var stream = await LiveEvents.OpenAsync(client, topics);
            await stream.NextAsync(LiveStream.ReadyEvent, Soon);
        }
    }

    [Fact]
    public async Task The_listener_listens_again_after_its_connection_is_ended_and_tells_every_page_to_refresh()
    {
        var (hall, item) = await HallWithItemAsync();
        var topic = Topic(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(hall.Hall.Id));
        await using var onA = await LiveEvents.OpenAsync(nodes.A.Http, topic);
        await using var onB = await LiveEvents.OpenAsync(nodes.B.Http, topic);
        var (ready, _) = await onA.NextAsync(LiveStream.ReadyEvent, Soon);
        await onB.NextAsync(LiveStream.ReadyEvent, Soon);
        var before = await ListenersAsync();

        // Both nodes' listeners at once, as a database restart or failover ends them.
        Assert.Equal(2, await ScalarAsync<long>($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE pid IN ({string.Join(", ", before)})"));

        var (refresh, _) = await onA.NextAsync(LiveStream.RefreshEvent, Soon);
        await onB.NextAsync(LiveStream.RefreshEvent, Soon);
        Assert.NotEqual(ready.EventId, refresh.EventId);
        var after = await ListenersAsync();
        Assert.Empty(after.Intersect(before));
        var issued = Stopwatch.GetTimestamp();
        await IssueAsync(hall, item);
        var queue = Topic(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(hall.Hall.Id, item.Id));
        Assert.True(await onA.ChangeOfAsync(queue, issued, Soon) < Soon);
        Assert.True(await onB.ChangeOfAsync(queue, issued, Soon) < Soon);
    }

    /// <summary>
    /// The live-pages benchmark: every phone of a hall was told of every change at the hall, and
    /// under 50 transitions a second they made most of the refreshes node A answered (BENCHMARKS.md,
    /// "Live pages"). A phone shows its item's queue.
    /// </summary>
    [Fact]
    public async Task A_phone_is_told_of_its_items_queue_and_of_the_whole_hall_not_of_another_items()
    {
        var (hall, contracts, deedTax) = await TestHall.WithItemsAsync(database);
        var (whole, contractsQueue, deedTaxQueue) = QueueTopics(hall, contracts, deedTax);
        await using var phone = await LiveEvents.OpenAsync(nodes.A.Http, contractsQueue);
        await using var screen = await LiveEvents.OpenAsync(nodes.B.Http, whole);
        await phone.NextAsync(LiveStream.ReadyEvent, Soon);
        await screen.NextAsync(LiveStream.ReadyEvent, Soon);

        // 契税 first: had the phone been told of it, that would come first.
        await IssueAsync(hall, deedTax);
        Assert.True(await screen.ChangeOfAsync(deedTaxQueue, Stopwatch.GetTimestamp(), Soon) < Soon);
        await IssueAsync(hall, contracts);
        var (told, _) = await phone.NextAsync(LiveStream.ChangeEvent, Soon);
        Assert.Equal(contractsQueue, told.Data);

        // Called at A01 and transferred to B01's own queue, where tickets of any item wait: the whole hall is told.
        var a01 = await SignInAsync(Roles.WindowStaff, hall.Windows[0].OrgUnit);
        using var called = await a01.PostAsync(new Uri($"/api/queue/windows/{hall.Windows[0].Id}/call-next", UriKind.Relative), null, Ct);
        var ticket = await called.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(contractsQueue, (await phone.NextAsync(LiveStream.ChangeEvent, Soon)).Item.Data);
        using var transferred = await a01.PostAsJsonAsync(
            $"/api/queue/tickets/{ticket.GetProperty("id").GetGuid()}/transfer", new { toWindowId = hall.Windows[2].Id, expectedVersion = ticket.GetProperty("version").GetInt32() }, Ct);
        Assert.Equal(HttpStatusCode.OK, transferred.StatusCode);
        var (both, _) = await phone.NextAsync(LiveStream.ChangeEvent, Soon);
        Assert.Equal(new[] { whole, contractsQueue }, both.Data.Split('\n').Order(StringComparer.Ordinal));
        Assert.DoesNotContain(phone.Seen, e => e.Data.Contains(deedTaxQueue, StringComparison.Ordinal));
    }

    /// <summary>
    /// A window's waiting list shows the queues of the items it serves (and its own queue, and what
    /// it set aside): a ticket of another item changes nothing on it, so it is not refreshed for one.
    /// The live-pages benchmark: every window page of a hall was refreshed for every change at it.
    /// </summary>
    [Fact]
    public async Task A_window_page_watches_its_items_queues_and_is_told_of_the_whole_hall_not_of_another_items()
    {
        var (hall, contracts, deedTax) = await TestHall.WithItemsAsync(database);
        var (whole, contractsQueue, deedTaxQueue) = QueueTopics(hall, contracts, deedTax);
        var a01 = await CookieClientAsync(Roles.WindowStaff, hall.Windows[0].OrgUnit, "窗口甲");
        var page = await a01.GetStringAsync($"/staff/window/{hall.Windows[0].Id}", Ct);
        var topics = WebUtility.HtmlDecode(WaitingTopics().Match(page).Groups[1].Value);
        Assert.Equal(contractsQueue, topics);

        await using var window = await LiveEvents.OpenAsync(nodes.A.Http, topics);
        await window.NextAsync(LiveStream.ReadyEvent, Soon);
        await IssueAsync(hall, deedTax);
        await IssueAsync(hall, contracts);
        Assert.Equal(contractsQueue, (await window.NextAsync(LiveStream.ChangeEvent, Soon)).Item.Data);

        // The other window of 合同备案 closes for the day (A01 still takes its tickets): a change for the whole hall.
        var b01 = await SignInAsync(Roles.WindowStaff, hall.Windows[1].OrgUnit);
        using var closed = await b01.PostAsync(new Uri($"/api/queue/windows/{hall.Windows[1].Id}/close", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(whole, (await window.NextAsync(LiveStream.ChangeEvent, Soon)).Item.Data);
        Assert.DoesNotContain(window.Seen, e => e.Data.Contains(deedTaxQueue, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_live_part_rendered_for_one_page_is_shown_to_pages_told_of_the_same_change_in_the_same_role_and_scope_only()
    {
        var (hall, item) = await HallWithItemAsync();
        var (otherHall, _) = await HallWithItemAsync();
        var lead = await CookieClientAsync(Roles.HallLead, $"hall/{hall.Hall.Id}", "值班甲");
        var secondLead = await CookieClientAsync(Roles.HallLead, $"hall/{hall.Hall.Id}", "值班乙");
        var otherLead = await CookieClientAsync(Roles.HallLead, $"hall/{otherHall.Hall.Id}", "值班丙");
        const string Part = "/lead?handler=Windows";

        var first = await RefreshAsync(lead, Part, "change-1");
        Assert.Contains($"/staff/window/{hall.Windows[0].Id}\"", first, StringComparison.Ordinal);

        // A ticket is issued after the first rendering: the same change's id shows what was kept, a later one the ticket.
        await IssueAsync(hall, item);
        Assert.Equal(first, await RefreshAsync(secondLead, Part, "change-1"));
        var second = await RefreshAsync(secondLead, Part, "change-2");
        Assert.NotEqual(first, second);
        Assert.Contains("<strong>1</strong>", second, StringComparison.Ordinal);

        // The other hall's lead, at the very same address, gets their own hall.
        var theirs = await RefreshAsync(otherLead, Part, "change-1");
        Assert.Contains($"/staff/window/{otherHall.Windows[0].Id}\"", theirs, StringComparison.Ordinal);
        Assert.DoesNotContain($"/staff/window/{hall.Windows[0].Id}\"", theirs, StringComparison.Ordinal);

        // A whole page is never kept, whatever it is asked with: it names the person.
        Assert.Contains("值班甲", await RefreshAsync(lead, "/lead?x=1", "change-1"), StringComparison.Ordinal);
        var page = await RefreshAsync(secondLead, "/lead?x=1", "change-1");
        Assert.Contains("值班乙", page, StringComparison.Ordinal);
        Assert.DoesNotContain("值班甲", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// The live-pages benchmark: polled every 3 s and rendered per screen, a thousand hall-floor pages
    /// cost PostgreSQL over 700 transactions a second with nothing changing (BENCHMARKS.md, "Live pages").
    /// </summary>
    [Fact]
    public async Task The_big_screen_is_refreshed_by_push_alone_and_rendered_once_per_change_for_all_the_halls_screens()
    {
        var (hall, item) = await HallWithItemAsync();
        var screen = $"/hall/{hall.Hall.Id}/screen";
        var html = await nodes.A.Http.GetStringAsync(new Uri(screen, UriKind.Relative), Ct);
        Assert.Contains($"data-topics=\"{Topic(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(hall.Hall.Id))}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-every", html, StringComparison.Ordinal);

        // A ticket is issued after the first screen's refresh: the others told of the same change see what was kept, a later change the ticket.
        var part = $"{screen}?handler=Live";
        var first = await RefreshAsync(nodes.A.Http, part, "screen-1");
        Assert.Contains("0 人", first, StringComparison.Ordinal);
        await IssueAsync(hall, item);
        Assert.Equal(first, await RefreshAsync(nodes.A.Http, part, "screen-1"));
        Assert.Contains("1 人", await RefreshAsync(nodes.A.Http, part, "screen-2"), StringComparison.Ordinal);
    }

    /// <summary>
    /// The live-pages benchmark: the lead's figures were refreshed every 30 s besides, each such
    /// refresh a sign-in check in the store once the cookie was a minute old (BENCHMARKS.md, "Live
    /// pages"). They are drawn from stored tickets and bookings alone, so only a commit moves them.
    /// </summary>
    [Fact]
    public async Task The_leads_page_is_refreshed_by_push_alone()
    {
        var (hall, _) = await HallWithItemAsync();
        var lead = await CookieClientAsync(Roles.HallLead, $"hall/{hall.Hall.Id}", "值班丁");
        var html = await lead.GetStringAsync(new Uri("/lead", UriKind.Relative), Ct);
        Assert.Contains("data-live=\"/lead?handler=Figures", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-every", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_live_refresh_trusts_the_sign_in_for_the_recheck_interval_only_and_any_other_request_not_at_all()
    {
        var email = await TestAccounts.CreateAsync(database, Roles.HallLead, "hall/1");
        var lead = await TestAccounts.CookieAsync(nodes.A, email);
        var signedIn = Stopwatch.GetTimestamp();
        await RefreshAsync(lead, "/lead?handler=Windows", "before");

        // What a new password or a lock does: every session's stamp is void.
        await TestAccounts.EndSessionsAsync(database, email);

        await RefreshAsync(lead, "/lead?handler=Windows", "after");
        Assert.True(Stopwatch.GetElapsedTime(signedIn) < Recheck, "The machine took longer than the recheck interval: the trusted refresh above proves nothing.");
        using var page = await lead.GetAsync("/lead", Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);

        await Task.Delay(Recheck - Stopwatch.GetElapsedTime(signedIn) + TimeSpan.FromSeconds(1), Ct);
        using var late = Refresh("/lead?handler=Windows", "later");
        using var answer = await lead.SendAsync(late, Ct);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith("/login", answer.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    private Task<HttpClient> SignInAsync(string role, string scope) => TestAccounts.BearerAsync(database, nodes.A, role, scope);

    private static string Topic(string definition, string orgUnit) => new LiveTopic(definition, orgUnit).ToString();

    /// <summary>The topics of the whole hall and of its two items' queues.</summary>
    private static (string Whole, string Contracts, string DeedTax) QueueTopics(TestHall hall, ServiceItem contracts, ServiceItem deedTax) => (
        Topic(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(hall.Hall.Id)),
        Topic(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(hall.Hall.Id, contracts.Id)),
        Topic(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(hall.Hall.Id, deedTax.Id)));

    [GeneratedRegex("id=\"waiting\"[^>]*data-topics=\"([^\"]*)\"")]
    private static partial Regex WaitingTopics();

    private static HttpRequestMessage Refresh(string part, string id)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{part}&{LiveParts.QueryKey}={id}");
        request.Headers.Add(LiveParts.Header, "live");
        return request;
    }

    /// <summary>What live.js asks for when told of change <paramref name="id"/>; must answer 200.</summary>
    private static async Task<string> RefreshAsync(HttpClient client, string part, string id)
    {
        using var request = Refresh(part, id);
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    /// <summary>A person signed in with the pages' cookie, as a browser is.</summary>
    private async Task<HttpClient> CookieClientAsync(string role, string scope, string name)
    {
        return await TestAccounts.CookieAsync(nodes.A, await TestAccounts.CreateAsync(database, role, scope, name));
    }

    private async Task<(TestHall Hall, ServiceItem Item)> HallWithItemAsync()
    {
        var hall = await TestHall.CreateAsync(database);
        await using var db = database.CreateContext();
        var window = await db.Set<ServiceWindow>().SingleAsync(w => w.Id == hall.Windows[0].Id, Ct);
        var item = new ServiceItem(hall.Hall.Id, "SPFBA", "商品房合同备案");
        item.Windows.Add(window);
        db.Add(item);
        await db.SaveChangesAsync(Ct);
        return (hall, item);
    }

    private async Task IssueAsync(TestHall hall, ServiceItem item)
    {
        var staff = await SignInAsync(Roles.WindowStaff, hall.Windows[0].OrgUnit);
        using var response = await staff.PostAsJsonAsync("/api/queue/tickets", new { itemId = item.Id }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task RegisterAsync(TestTownship township)
    {
        var team = await SignInAsync(Roles.VillageTeam, Place.OrgUnitOf(township.Township.Id, township.Village.Id));
        var response = await team.PostAsJsonAsync("/api/disputes", new
        {
            kind = "dispute",
            category = "neighbourhood",
            source = "walkIn",
            placeId = township.Village.Id,
            summary = "宅前排水沟堵塞，两户因排水发生争执",
            parties = new[] { new { name = "王大爷", phone = SanlingHarness.Phone, idNumber = SanlingHarness.IdNumber, email = (string?)null } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>The backends of this database's live listeners: one per node, once both listen.</summary>
    private async Task<List<int>> ListenersAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Soon.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            // As the application role: the listeners' own, which may see and end its backends.
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND query LIKE 'LISTEN%'", connection);
            command.Parameters.Add(new() { Value = LiveFeed.ApplicationName });
            var pids = new List<int>();
            await using (var reader = await command.ExecuteReaderAsync(Ct))
            {
                while (await reader.ReadAsync(Ct))
                {
                    pids.Add(reader.GetInt32(0));
                }
            }

            if (pids.Count == 2)
            {
                return pids;
            }

            Assert.True(Stopwatch.GetTimestamp() < deadline, $"Expected two live listeners, found {pids.Count}.");
            await Task.Delay(200, Ct);
        }
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }
}
