using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using Governance.Benchmarks.Infrastructure;
using Governance.Engine.Runtime;
using Governance.Host.Auth;
using Governance.Host.Live;
using Governance.Host.Pages.Hall;
using Governance.Workflows;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Governance.Benchmarks;

/// <summary>
/// What 1,000 open live pages cost and how soon they show a change: two nodes on one database, node A
/// the Host as a process that the pages reach over HTTP, node B the Host's own Program in this
/// process whose use-case handlers make the transitions, so that every change reaches the pages
/// through LISTEN/NOTIFY as between several Hosts, and its commit instant is known here (the handler
/// returns after it). Each page does what live.js does: one event stream for all its parts' topics,
/// a refresh of a part 150 ms after a change it watches (<c>?live=</c> the change's id, with
/// <c>X-Requested-With: live</c> and its own cookies; one on its way at a time, and once more after
/// it when told of a change meanwhile), every part at <c>ready</c>/<c>refresh</c>; a
/// part with <c>data-pick</c> (a phone) takes its block from its item's shared answer, or asks its
/// <c>data-fallback</c> when the block is not there; a part whose answer holds <c>data-live-end</c>
/// is refreshed no more. Per round: no pages and no transitions; transitions alone; the pages
/// alone, idle; the transitions with the pages. The pages' cost is the difference in PostgreSQL's
/// transactions a second; the latency runs from a transition's commit to the change at each page
/// watching it, and to that page's refreshed parts.
/// </summary>
internal sealed partial class LivePagesBenchmark : IBenchmark
{
    public const string BenchmarkName = "live-pages";

    public const string Database = "governance_bench_live";

    /// <summary>Transactions a second the idle pages may add (issue 15).</summary>
    public const double IdleTargetPerSecond = 10;

    /// <summary>Commit → every page that watches it showing it, p99 (issue 15).</summary>
    public const double P99TargetMs = 1000;

    private const int Halls = 20;

    private const int Townships = 10;

    /// <summary>Windows 1–4 of a hall call and complete, each its own item; window 5 serves the item whose tickets the phones follow.</summary>
    private const int CallingWindows = 4;

    private const int ScreensPerHall = 2;

    /// <summary>
    /// Phone ticket pages per hall (扫码看排队), each following a ticket of its own at one of the calling
    /// items, in turn, behind enough others that it waits throughout the run (<see cref="AheadOfPhones"/>).
    /// </summary>
    private const int PhonesPerHall = 34;

    /// <summary>Tickets left ahead of the phones' at the end of the run: every cycle issues one behind them and calls one ahead.</summary>
    private const int WaitingPerCallingItem = 10;

    /// <summary>三零 pages of township officials per township (any number of people in one role and scope share what they are shown).</summary>
    private const int SanlingPagesPerTownship = 16;

    private const int VillagesPerTownship = 4;

    /// <summary>PostgreSQL 15 flushes an idle backend's counts within 10 s: a reading taken sooner after busy work would count some of it.</summary>
    private const int SettleSeconds = 11;

    /// <summary>The pages open over this long: the minute a refresh trusts a sign-in cookie for (<c>Live:SessionRecheck</c>).</summary>
    private const int OpeningSeconds = 60;

    /// <summary>Transitions run this long before a measured window, so it sees a steady load.</summary>
    private const int WarmUpSeconds = 3;

    /// <summary>After the last transition of a window, how long the pages may take to be told and to refresh before a miss is counted.</summary>
    private const int DrainSeconds = 10;

    /// <summary>An org unit's next transition starts at least this long after its previous one returned (see the matching in the report).</summary>
    private static readonly TimeSpan UnitGap = TimeSpan.FromMilliseconds(250);

    private static readonly string[] ItemNames = ["不动产登记", "社保参保", "医保报销", "公积金提取", "综合咨询"];

    private const string Password = "Bench@2026!";

    public string Name => BenchmarkName;

    public string Summary => "1,000 live pages on two nodes: PostgreSQL tx/s idle and at 50 transitions/s, commit → page p99";

    public async Task<int> RunAsync(BenchmarkOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = new BenchmarkServer(options);
        var connectionString = options.ConnectionString(Database);
        var loadAtStart = BenchmarkServer.LoadAverage();
        Progress($"database {Database}; node A: the Host as a process (it migrates)");
        await server.RecreateDatabaseAsync(Database, ct);
        await using var nodeA = await HostUnderTest.StartAsync(connectionString, ct);
        Progress($"node A at {nodeA.BaseAddress}; node B: the Host's Program in this process");
        await using var nodeB = new HostInProcess(connectionString, _ => { });
        var services = nodeB.Start();

        var setup = Stopwatch.StartNew();
        var world = await SeedAsync(services, AheadOfPhones(options), ct);
        Progress($"seeded {Halls} halls and {Townships} townships in {setup.Elapsed.TotalSeconds:0} s; signing in once per role and scope");
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = nodeA.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var pages = await LoadPagesAsync(http, world, ct);
        Progress($"{pages.Count} pages loaded ({pages.Sum(p => p.Parts.Count)} live parts); {world.SignIns} sign-ins; set-up {setup.Elapsed.TotalSeconds:0} s");

        await using var stats = new NpgsqlConnection(options.ConnectionString("postgres"));
        await stats.OpenAsync(ct);
        var lanes = world.Lanes(services);
        var rounds = new List<Round>();
        for (var r = 1; r <= options.Rounds; r++)
        {
            var measure = new Measurement(stats, nodeA, options.Seconds);
            Progress($"round {r}: (1) no pages, no transitions");
            await Task.Delay(TimeSpan.FromSeconds(SettleSeconds), ct);
            var quiet = await measure.RunAsync("no pages, no transitions", null, ct);

            Progress($"round {r}: (3) {options.Rate} transitions/s, no pages");
            var (alone, _) = await TransitionsAsync(measure, "transitions, no pages", lanes, options.Rate, ct);

            Progress($"round {r}: opening {pages.Count} event streams");
            var opened = await OpenAsync(pages, ct);
            await Task.Delay(TimeSpan.FromSeconds(SettleSeconds), ct);
            Progress($"round {r}: (2) {pages.Count} pages, idle");
            var idle = await measure.RunAsync("pages, idle", null, ct);

            Progress($"round {r}: (4) {options.Rate} transitions/s with the pages");
            var (loaded, transitions) = await TransitionsAsync(measure, "transitions with pages", lanes, options.Rate, ct);
            await Task.Delay(TimeSpan.FromSeconds(DrainSeconds), ct);

            // Once every refresh under way has its answer, or has timed out.
            var health = await CloseAsync(pages, opened);
            var latency = Latency.Of(transitions, pages);
            (idle, loaded) = (idle.WithPages(pages), loaded.WithPages(pages));
            rounds.Add(new Round(r, quiet, alone, idle, loaded, latency, health));
            Progress(string.Create(CultureInfo.InvariantCulture,
                $"round {r}: idle cost {idle.TxPerSecond - quiet.TxPerSecond:0.0} tx/s, load cost {loaded.TxPerSecond - alone.TxPerSecond:0.0} tx/s; "
                + $"commit → change p99 {latency.Change.P99:0} ms, → shown p99 {latency.Shown.P99:0} ms; {latency.Missed} missed, {health.Broken} broken, {health.FailedRefreshes} failed refreshes"));
        }

        var machine = $"{await server.DescribeAsync(ct)}. Load average (1 min) {loadAtStart} at the start, {BenchmarkServer.LoadAverage()} at the end";
        var report = new Report(options, machine, world, pages, rounds);
        Console.Write(report.Text());
        if (!report.ChecksHold)
        {
            Console.Error.WriteLine("some checks failed: see the checks table");
            return 1;
        }

        return 0;
    }

    /// <summary>
    /// Runs the transitions at <paramref name="rate"/> a second: <see cref="WarmUpSeconds"/>, then the
    /// measured window, then to the end of every unit's cycle; the window's reading and the transitions that started in it.
    /// </summary>
    private static async Task<(Phase Phase, List<TransitionRecord> Transitions)> TransitionsAsync(
        Measurement measure, string name, IReadOnlyList<Lane> lanes, int rate, CancellationToken ct)
    {
        using var stop = new CancellationTokenSource();
        var records = new List<TransitionRecord>();
        var start = Stopwatch.GetTimestamp();
        var running = lanes.Select((lane, place) => Task.Run(() => lane.RunAsync(start, place, lanes.Count, rate, records, stop.Token), ct)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(WarmUpSeconds), ct);
        var phase = await measure.RunAsync(name, records, ct);
        await stop.CancelAsync();
        await Task.WhenAll(running);
        lock (records)
        {
            var failed = records.FirstOrDefault(t => t.Failure is not null);
            if (failed is not null)
            {
                Progress($"{records.Count(t => t.Failure is not null)} transitions failed; first: {failed.Kind} at {failed.Unit.Root}: {failed.Failure}");
            }

            return (phase with { FailedTransitions = records.Count(t => t.Failure is not null) }, [.. records.Where(t => t.StartTs >= phase.From && t.StartTs < phase.To && t.Failure is null)]);
        }
    }

    /// <summary>
    /// Opens the pages' event streams at an even pace over <see cref="OpeningSeconds"/>, in a random
    /// order, as a hall's screens and phones come up over a morning, and waits until each was ready
    /// and refreshed. Each stream's opening renews its page's sign-in cookie, so the pages' cookies
    /// age apart, as those of pages open all day do, rather than all passing the refresh's trust at once.
    /// </summary>
    private static async Task<Opened> OpenAsync(IReadOnlyList<LivePage> pages, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var order = pages.ToArray();
        Random.Shared.Shuffle(order);
        for (var i = 0; i < order.Length; i++)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), started + (long)(OpeningSeconds * Stopwatch.Frequency * i / order.Length));
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            order[i].Open();
        }

        await Task.WhenAll(pages.Select(p => p.Ready)).WaitAsync(TimeSpan.FromMinutes(2), ct);
        while (pages.Any(p => p.Busy))
        {
            await Task.Delay(100, ct);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Progress(string.Create(CultureInfo.InvariantCulture, $"{pages.Count} streams ready and every part refreshed {seconds:0.0} s after the first opened"));
        return new Opened(seconds);
    }

    private static async Task<Health> CloseAsync(IReadOnlyList<LivePage> pages, Opened opened)
    {
        await Task.WhenAll(pages.Select(p => p.CloseAsync()));
        return new Health(
            opened.Seconds,
            pages.Sum(p => p.Broken),
            pages.Sum(p => p.Refused),
            pages.Sum(p => p.Refreshes.Count(r => r.Status != (int)HttpStatusCode.OK)),
            pages.SelectMany(p => p.Refreshes).Select(r => r.Failure).FirstOrDefault(f => f is not null));
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[{BenchmarkName}] {message}");

    // ---- The seed: halls, townships, people, through node B's services ----

    /// <summary>
    /// Tickets waiting at each calling item ahead of the phones' at the start: the calls each window
    /// makes in all rounds (two transition windows of <see cref="BenchmarkOptions.Seconds"/> a round,
    /// with their warm-up and up to a cycle's end), and <see cref="WaitingPerCallingItem"/> more.
    /// </summary>
    private static int AheadOfPhones(BenchmarkOptions options)
    {
        var callsPerWindowPerSecond = options.Rate / (double)(Halls + Townships) / 3 / CallingWindows;
        return WaitingPerCallingItem + (int)Math.Ceiling(callsPerWindowPerSecond * 2 * (options.Seconds + WarmUpSeconds + 10) * options.Rounds);
    }

    /// <summary>
    /// Through node B: 20 halls of 5 windows and 5 items (window k serves item k), with
    /// <paramref name="ahead"/> tickets waiting at each of the four calling items and then 34 more
    /// over them in turn, which the phones follow; a city of 10 townships with an official and 4
    /// villages each (roster as in the tests); and one person per role and scope the pages need: a
    /// window clerk per window, a lead per hall, an official per township.
    /// </summary>
    private static async Task<World> SeedAsync(IServiceProvider services, int ahead, CancellationToken ct)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<WorkflowDbContext>>();
        var halls = new List<HallSeed>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            for (var h = 1; h <= Halls; h++)
            {
                var hall = new Hall($"live-{h:00}", $"压测政务服务中心{h:00}", "压测值班领导", $"lead{h:00}@bench.example");
                db.Add(hall);
                await db.SaveChangesAsync(ct);
                var windows = ItemNames.Select((name, k) => new ServiceWindow(hall.Id, k < CallingWindows ? $"A{k + 1:00}" : "Z01", name)).ToList();
                db.AddRange(windows);
                await db.SaveChangesAsync(ct);
                var items = ItemNames.Select((name, k) => new ServiceItem(hall.Id, $"L{k + 1:00}", name)).ToList();
                for (var k = 0; k < items.Count; k++)
                {
                    items[k].Windows.Add(windows[k]);
                }

                db.AddRange(items);
                await db.SaveChangesAsync(ct);
                halls.Add(new HallSeed(hall.Id, [.. windows.Select(w => w.Id)], [.. items.Select(i => i.Id)], []));
            }
        }

        var issue = services.GetRequiredService<IssueTicketHandler>();
        var keys = services.GetRequiredService<FloorKeys>();
        halls = [.. await Task.WhenAll(halls.Select(async hall =>
        {
            var kiosk = new Actor($"bench-kiosk-{hall.Id}", "压测取号机", Roles.WindowStaff, TicketWorkflow.OrgUnitOf(hall.Id));
            var followed = new List<string>();
            for (var n = 0; n < (ahead * CallingWindows) + PhonesPerHall; n++)
            {
                var ticket = await issue.HandleAsync(new IssueTicket(hall.Items[n % CallingWindows], null, null, null, null), kiosk, ct);
                if (n >= ahead * CallingWindows)
                {
                    followed.Add(keys.ForTicket(ticket.Id));
                }
            }

            return hall with { PhoneKeys = [.. followed] };
        }))];

        var townships = new List<TownshipSeed>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var city = new City("live-city", "压测市");
            for (var t = 1; t <= Townships; t++)
            {
                var township = new Township($"live-t{t:00}", $"压测镇{t:00}", TownshipKind.Town);
                township.Officials.Add(new TownshipOfficial("综治中心主任", "党委副书记、政法委员", $"official{t:00}@bench.example"));
                for (var v = 1; v <= VillagesPerTownship; v++)
                {
                    var village = new Place($"live-t{t:00}-v{v}", $"压测村{t:00}-{v}", PlaceKind.Village);
                    village.Roster.AddRange([
                        new RosterMember(RosterRole.PoliceOfficer, "社区民警", "赵警官"),
                        new RosterMember(RosterRole.Mediator, "调解员", "钱调解"),
                        new RosterMember(RosterRole.MilitiaCompany, "民兵连长", "孙连长"),
                        new RosterMember(RosterRole.FirstSecretary, "驻村第一书记", "李书记"),
                    ]);
                    township.Places.Add(village);
                }

                city.Townships.Add(township);
            }

            db.Add(city);
            await db.SaveChangesAsync(ct);
            townships.AddRange(city.Townships.Select(t => new TownshipSeed(t.Id, [.. t.Places.Select(p => p.Id)])));
        }

        var people = new List<Person>();
        foreach (var hall in halls)
        {
            people.AddRange(hall.Windows.Select((w, k) => new Person(Roles.WindowStaff, ServiceWindow.OrgUnitOf(hall.Id, w), $"窗口人员 {hall.Id}-{k + 1}")));
            people.Add(new Person(Roles.HallLead, TicketWorkflow.OrgUnitOf(hall.Id), $"值班领导 {hall.Id}"));
        }

        people.AddRange(townships.Select(t => new Person(Roles.TownshipOfficial, Township.OrgUnitOf(t.Id), $"综治中心主任 {t.Id}")));
        var emails = new Dictionary<Person, string>();
        using (var scope = services.CreateScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            foreach (var role in people.Select(p => p.Role).Distinct())
            {
                if (!await roles.RoleExistsAsync(role))
                {
                    Succeeded(await roles.CreateAsync(new IdentityRole(role)));
                }
            }

            foreach (var person in people)
            {
                var email = $"{person.Role}-{emails.Count + 1:000}@bench.example";
                var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = person.Name };
                Succeeded(await users.CreateAsync(user, Password));
                Succeeded(await users.AddToRoleAsync(user, person.Role));
                Succeeded(await users.AddClaimsAsync(user, [new Claim(CurrentActor.NameClaim, person.Name), new Claim(CurrentActor.ScopeClaim, person.Scope)]));
                emails[person] = email;
            }
        }

        return new World(halls, townships, emails);
    }

    private static void Succeeded(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>
    /// Signs every person in once over HTTP (<c>POST /auth/login?useCookies=true</c>), then loads
    /// every page once as a browser does, with its own copy of its person's cookies, and reads its live parts from the HTML.
    /// </summary>
    private static async Task<List<LivePage>> LoadPagesAsync(HttpClient http, World world, CancellationToken ct)
    {
        var cookies = new Dictionary<Person, IReadOnlyDictionary<string, string>>();
        foreach (var (person, email) in world.Emails)
        {
            using var login = await http.PostAsJsonAsync(new Uri("/auth/login?useCookies=true", UriKind.Relative), new { email, password = Password }, ct);
            if (!login.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Sign-in of {email} answered {(int)login.StatusCode}: {await login.Content.ReadAsStringAsync(ct)}");
            }

            var jar = new CookieJar(null);
            jar.Take(login);
            cookies[person] = jar.Values();
        }

        var plans = new List<(PageKind Kind, string Path, Person? Person)>();
        foreach (var hall in world.Halls)
        {
            plans.AddRange(Enumerable.Range(0, ScreensPerHall).Select(_ => (PageKind.Screen, $"/hall/{hall.Id}/screen", (Person?)null)));
            plans.AddRange(hall.Windows.Select(w => (PageKind.Window, $"/staff/window/{w}", (Person?)world.WindowClerk(hall, w))));
            plans.Add((PageKind.Lead, "/lead", world.Lead(hall)));
            plans.AddRange(hall.PhoneKeys.Select(key => (PageKind.Phone, $"/t/{Uri.EscapeDataString(key)}", (Person?)null)));
        }

        foreach (var township in world.Townships)
        {
            plans.AddRange(Enumerable.Range(0, SanlingPagesPerTownship).Select(_ => (PageKind.Sanling, "/sanling", (Person?)world.Official(township))));
        }

        var pages = plans.Select(p => new LivePage(http, p.Kind, p.Path, new CookieJar(p.Person is null ? null : cookies[p.Person]))).ToList();
        await Parallel.ForEachAsync(pages, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (page, token) => await page.LoadAsync(token));
        return pages;
    }

    // ---- Records ----

    private enum PageKind
    {
        Screen,
        Window,
        Lead,
        Phone,
        Sanling,
    }

    private enum Cause
    {
        Ready,
        Change,
    }

    /// <summary>An org unit that transitions are made at and pages watch: a hall's tickets, an item's queue at a hall, or a township's disputes.</summary>
    private sealed record Unit(string Definition, string Root)
    {
        /// <summary>A change here as a <c>change</c> event's line writes it.</summary>
        public string Line => ChangeSignal.Topic(Definition, Root);

        /// <summary>Whether a line of a <c>change</c> event (<c>definition org-unit</c>) is a change at this unit.</summary>
        public bool IsChangedBy(string line)
        {
            var words = line.Split(' ', 2);
            return words.Length == 2 && new LiveTopic(Definition, Root).Covers(words[0], words[1]);
        }
    }

    private sealed record HallSeed(int Id, int[] Windows, int[] Items, string[] PhoneKeys);

    private sealed record TownshipSeed(int Id, int[] Villages);

    private sealed record Person(string Role, string Scope, string Name);

    private sealed record World(List<HallSeed> Halls, List<TownshipSeed> Townships, Dictionary<Person, string> Emails)
    {
        public List<Unit> HallUnits { get; } = [.. Halls.Select(h => new Unit(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(h.Id)))];

        public List<Unit> TownshipUnits { get; } = [.. Townships.Select(t => new Unit(DisputeWorkflow.Name, Township.OrgUnitOf(t.Id)))];

        public int SignIns => Emails.Count;

        public Person WindowClerk(HallSeed hall, int window) => Emails.Keys.Single(p => p.Role == Roles.WindowStaff && p.Scope == ServiceWindow.OrgUnitOf(hall.Id, window));

        public Person Lead(HallSeed hall) => Emails.Keys.Single(p => p.Role == Roles.HallLead && p.Scope == TicketWorkflow.OrgUnitOf(hall.Id));

        public Person Official(TownshipSeed township) => Emails.Keys.Single(p => p.Role == Roles.TownshipOfficial && p.Scope == Township.OrgUnitOf(township.Id));

        /// <summary>The units' lanes, two halls then a township, so that successive arrivals fall on different units.</summary>
        public List<Lane> Lanes(IServiceProvider services)
        {
            var halls = Halls.Zip(HallUnits, (h, u) => (Lane)new HallLane(u, h, services)).ToList();
            var townships = Townships.Zip(TownshipUnits, (t, u) => (Lane)new TownshipLane(u, t, services)).ToList();
            var lanes = new List<Lane>();
            for (var i = 0; i < halls.Count; i++)
            {
                lanes.Add(halls[i]);
                if (i % 2 == 1 && i / 2 < townships.Count)
                {
                    lanes.Add(townships[i / 2]);
                }
            }

            lanes.AddRange(townships.Skip(halls.Count / 2));
            return lanes;
        }
    }

    /// <summary>A transition made by node B: its unit, when it was due, when the call started (Stopwatch and Unix ms) and returned, after its commit.</summary>
    private sealed record TransitionRecord(Unit Unit, string Kind, long DueTs, long StartTs, long StartMs, long EndTs, long EndMs, string? Failure);

    private sealed record SeenEvent(string Type, long IdMs, string[] Lines, long At);

    /// <summary>
    /// A part's refresh: why, when it was sent and answered, the status (0: no answer), whether an
    /// answer renewed the cookie, whether it asked the fallback too (two requests: the picked block was not in the shared answer).
    /// </summary>
    private sealed record PartRefresh(PageKind Kind, Cause Cause, long Sent, long Done, int Status, bool Renewed, bool FellBack, string? Failure);

    /// <summary>One request's answer: its status (0: none), its body (of a 200), whether it renewed the cookie, what failed.</summary>
    private sealed record Answer(int Status, string? Body, bool Renewed, string? Failure);

    /// <summary>The start of the block a part picks from a shared answer (<c>&lt;template data-ticket="…"</c>) and the end tag that closes it.</summary>
    private sealed record PickedBlock(string StartTag, string EndTag);

    /// <summary>
    /// A measured window: the database's transactions, the machine's CPU, the transitions node B
    /// made; and, once the pages closed (<see cref="WithPages"/>), the refreshes they sent in it,
    /// the answers' times (200 only), the answers that renewed a cookie and the changes they were told of.
    /// </summary>
    private sealed record Phase(string Name, string Load, double Seconds, double TxPerSecond, CpuShares Cpu, long From, long To, double TransitionsPerSecond, double LagP99Ms)
    {
        public int FailedTransitions { get; init; }

        public IReadOnlyDictionary<(PageKind Kind, Cause Cause), int> Refreshes { get; init; } = new Dictionary<(PageKind, Cause), int>();

        public IReadOnlyDictionary<PageKind, LatencySummary> RefreshMs { get; init; } = new Dictionary<PageKind, LatencySummary>();

        public int Renewed { get; init; }

        public int FellBack { get; init; }

        /// <summary>The refreshes of <paramref name="kind"/>'s pages that fell back to their own part.</summary>
        public int FellBackOf(PageKind kind) => FellBackByKind.GetValueOrDefault(kind);

        public IReadOnlyDictionary<PageKind, int> FellBackByKind { get; init; } = new Dictionary<PageKind, int>();

        public int ChangeEvents { get; init; }

        public double RefreshesPerSecond => Refreshes.Values.Sum() / Seconds;

        public Phase WithPages(IReadOnlyList<LivePage> pages)
        {
            var sent = pages.SelectMany(p => p.RefreshesBetween(From, To)).ToList();
            return this with
            {
                Refreshes = sent.GroupBy(r => (r.Kind, r.Cause)).ToDictionary(g => g.Key, g => g.Count()),
                RefreshMs = sent.Where(r => r.Status == (int)HttpStatusCode.OK).GroupBy(r => r.Kind)
                    .ToDictionary(g => g.Key, g => LatencySummary.Of(g.Select(r => Stopwatch.GetElapsedTime(r.Sent, r.Done).TotalMilliseconds))),
                Renewed = sent.Count(r => r.Renewed),
                FellBack = sent.Count(r => r.FellBack),
                FellBackByKind = sent.Where(r => r.FellBack).GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Count()),
                ChangeEvents = pages.Sum(p => p.ChangesBetween(From, To)),
            };
        }
    }

    private sealed record Opened(double Seconds);

    private sealed record Health(double OpenSeconds, int Broken, int Refused, int FailedRefreshes, string? FirstFailure);

    private sealed record Round(int Number, Phase Quiet, Phase Alone, Phase Idle, Phase Loaded, Latency Latency, Health Health);

    /// <summary>Reads the database's transactions and the machine's CPU around a window of <paramref name="seconds"/>.</summary>
    private sealed class Measurement(NpgsqlConnection stats, HostUnderTest nodeA, int seconds)
    {
        public async Task<Phase> RunAsync(string name, List<TransitionRecord>? transitions, CancellationToken ct)
        {
            var load = BenchmarkServer.LoadAverage();
            var cpu = CpuReading.Read(nodeA.ProcessId);
            var before = await TransactionsAsync(ct);
            var from = Stopwatch.GetTimestamp();
            await Task.Delay(TimeSpan.FromSeconds(seconds), ct);
            var after = await TransactionsAsync(ct);
            var to = Stopwatch.GetTimestamp();
            var shares = CpuReading.Read(nodeA.ProcessId).Since(cpu);
            var window = Stopwatch.GetElapsedTime(from, to).TotalSeconds;
            List<TransitionRecord> made;
            if (transitions is null)
            {
                made = [];
            }
            else
            {
                lock (transitions)
                {
                    made = [.. transitions.Where(t => t.StartTs >= from && t.StartTs < to)];
                }
            }

            return new Phase(
                name, load, window, (after - before) / window, shares, from, to,
                made.Count / window,
                LatencySummary.Of(made.Select(t => Stopwatch.GetElapsedTime(t.DueTs, t.StartTs).TotalMilliseconds)).P99);
        }

        /// <summary><c>xact_commit + xact_rollback</c> of the benchmark's database, from the <c>postgres</c> database (the reading counts in neither).</summary>
        private async Task<long> TransactionsAsync(CancellationToken ct)
        {
            // A fresh snapshot: otherwise the reading repeats what this transaction saw first.
            await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", stats))
            {
                await clear.ExecuteNonQueryAsync(ct);
            }

            await using var command = new NpgsqlCommand("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = $1", stats);
            command.Parameters.Add(new() { Value = Database });
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }
    }

    // ---- The transitions, made by node B's use-case handlers ----

    /// <summary>
    /// One org unit's transitions, one after another: arrival <c>k</c> of the whole schedule (fixed
    /// rate, round robin over the units) is this lane's when <c>k mod units</c> is its place, and it
    /// starts at its instant, or <see cref="UnitGap"/> after the lane's previous transition returned
    /// if that is later. Stopped only between two cycles, so no ticket is left called at a window.
    /// </summary>
    private abstract class Lane(Unit unit)
    {
        /// <summary>The unit the next step changes: the lane's, or one below it.</summary>
        protected virtual Unit Changing => unit;

        /// <summary>Whether the next step begins a cycle.</summary>
        protected abstract bool AtCycleStart { get; }

        /// <summary>The next transition; its kind.</summary>
        protected abstract Task<string> StepAsync(CancellationToken ct);

        public async Task RunAsync(long start, int place, int units, int rate, List<TransitionRecord> records, CancellationToken stop)
        {
            var lastEnd = long.MinValue / 2;
            for (long j = 0; !(stop.IsCancellationRequested && AtCycleStart); j++)
            {
                var due = start + ((place + (j * units)) * Stopwatch.Frequency / rate);
                var at = Math.Max(due, lastEnd + (long)(UnitGap.TotalSeconds * Stopwatch.Frequency));
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), at);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), CancellationToken.None);
                }

                var (startTs, startMs) = (Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                var changing = Changing;
                string kind;
                string? failure = null;
                try
                {
                    kind = await StepAsync(CancellationToken.None);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    (kind, failure) = ("failed", $"{ex.GetType().Name}: {ex.Message}");
                }

                lastEnd = Stopwatch.GetTimestamp();
                var record = new TransitionRecord(changing, kind, due, startTs, startMs, lastEnd, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), failure);
                lock (records)
                {
                    records.Add(record);
                }
            }
        }
    }

    /// <summary>A hall's cycle at windows 1–4 in turn: a walk-in ticket for the window's item (取号), the window calls (叫号), and completes what it called (办结).</summary>
    private sealed class HallLane(Unit unit, HallSeed hall, IServiceProvider services) : Lane(unit)
    {
        private readonly IssueTicketHandler _issue = services.GetRequiredService<IssueTicketHandler>();
        private readonly CallNextHandler _call = services.GetRequiredService<CallNextHandler>();
        private readonly ServeTicketHandler _serve = services.GetRequiredService<ServeTicketHandler>();
        private readonly Actor _kiosk = new($"bench-kiosk-{hall.Id}", "压测取号机", Roles.WindowStaff, TicketWorkflow.OrgUnitOf(hall.Id));
        private int _step;
        private TicketView? _called;

        protected override bool AtCycleStart => _step % 3 == 0;

        private int Window => _step / 3 % CallingWindows;

        /// <summary>Every step of a cycle moves a ticket of the window's item, and so its queue's unit (<see cref="TicketWorkflow.OrgUnitOf(int, int)"/>).</summary>
        protected override Unit Changing => new(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(hall.Id, hall.Items[Window]));

        private Actor Clerk => new($"bench-clerk-{hall.Windows[Window]}", "压测窗口人员", Roles.WindowStaff, ServiceWindow.OrgUnitOf(hall.Id, hall.Windows[Window]));

        protected override async Task<string> StepAsync(CancellationToken ct)
        {
            try
            {
                var kind = (_step % 3) switch
                {
                    0 => await IssueAsync(ct),
                    1 => await CallAsync(ct),
                    _ => await CompleteAsync(ct),
                };
                _step++;
                return kind;
            }
            catch
            {
                // The cycle is lost: the next one starts afresh at the next window.
                _step = ((_step / 3) + 1) * 3;
                throw;
            }
        }

        private async Task<string> IssueAsync(CancellationToken ct)
        {
            await _issue.HandleAsync(new IssueTicket(hall.Items[Window], null, null, null, null), _kiosk, ct);
            return "issue";
        }

        private async Task<string> CallAsync(CancellationToken ct)
        {
            _called = await _call.HandleAsync(hall.Windows[Window], Clerk, ct) ?? throw new InvalidOperationException($"window {hall.Windows[Window]} found no waiting ticket");
            return "call";
        }

        private async Task<string> CompleteAsync(CancellationToken ct)
        {
            await _serve.CompleteAsync(new CompleteTicket(_called!.Id, null, _called.Version), Clerk, ct);
            return "complete";
        }
    }

    /// <summary>A township's cycle over its villages in turn: a village team registers a dispute (登记), then sends it up to the township (上报镇).</summary>
    private sealed class TownshipLane(Unit unit, TownshipSeed township, IServiceProvider services) : Lane(unit)
    {
        private readonly RegisterDisputeHandler _register = services.GetRequiredService<RegisterDisputeHandler>();
        private readonly EscalateDisputeHandler _escalate = services.GetRequiredService<EscalateDisputeHandler>();
        private int _step;
        private WorkflowInstance? _registered;

        protected override bool AtCycleStart => _step % 2 == 0;

        private int Village => township.Villages[_step / 2 % township.Villages.Length];

        private Actor Team => new($"bench-village-{Village}", "压测联动工作队", Roles.VillageTeam, Place.OrgUnitOf(township.Id, Village));

        protected override async Task<string> StepAsync(CancellationToken ct)
        {
            try
            {
                var kind = _step % 2 == 0 ? await RegisterAsync(ct) : await EscalateAsync(ct);
                _step++;
                return kind;
            }
            catch
            {
                // The cycle is lost: the next one registers afresh at the next village.
                _step = ((_step / 2) + 1) * 2;
                throw;
            }
        }

        private async Task<string> RegisterAsync(CancellationToken ct)
        {
            _registered = await _register.HandleAsync(
                new RegisterDispute(DisputeKind.Dispute, MatterCategory.Neighbourhood, DisputeSource.WalkIn, Village, "宅前排水沟堵塞，两户因排水发生争执",
                    [new DisputePartyInput("王大爷", "13812345678", null, null), new DisputePartyInput("李大娘", "13912345678", null, null)]),
                Team, ct);
            return "register";
        }

        private async Task<string> EscalateAsync(CancellationToken ct)
        {
            var escalated = await _escalate.HandleAsync(new EscalateDispute(_registered!.Id, "事权不在本级，上报镇", _registered.Version), Team, ct);
            return escalated.Applied ? "escalate" : throw new InvalidOperationException($"escalation refused: {escalated.Message}");
        }
    }

    // ---- A page, as live.js runs it ----

    /// <summary>The cookies of one browser: sent with every request, replaced by what answers set (a renewed sign-in cookie).</summary>
    private sealed class CookieJar(IReadOnlyDictionary<string, string>? initial)
    {
        private readonly Dictionary<string, string> _values = new(initial ?? new Dictionary<string, string>(), StringComparer.Ordinal);

        public IReadOnlyDictionary<string, string> Values()
        {
            lock (_values)
            {
                return new Dictionary<string, string>(_values, StringComparer.Ordinal);
            }
        }

        public void AddTo(HttpRequestMessage request)
        {
            lock (_values)
            {
                if (_values.Count > 0)
                {
                    request.Headers.Add("Cookie", string.Join("; ", _values.Select(c => $"{c.Key}={c.Value}")));
                }
            }
        }

        /// <summary>Keeps what <paramref name="response"/> sets; whether it set any.</summary>
        public bool Take(HttpResponseMessage response)
        {
            if (!response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                return false;
            }

            lock (_values)
            {
                foreach (var cookie in set)
                {
                    var pair = cookie.Split(';', 2)[0];
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    var (name, value) = (pair[..equals].Trim(), pair[(equals + 1)..].Trim());
                    if (value.Length == 0 || cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                    {
                        _values.Remove(name);
                    }
                    else
                    {
                        _values[name] = value;
                    }
                }
            }

            return true;
        }
    }

    /// <summary>
    /// A live part of a page (<c>data-live</c>): its URL, its topics as <c>data-topics</c> writes them,
    /// and for a part drawn from a shared answer, the block it picks (<c>data-pick</c>, as the
    /// attribute it names and its value) and the URL it asks when the block is not there (<c>data-fallback</c>).
    /// </summary>
    private sealed class LivePart(string url, IReadOnlyList<string> topicTexts, PickedBlock? pick, string? fallback)
    {
        public string Url => url;

        public IReadOnlyList<string> TopicTexts => topicTexts;

        public IReadOnlyList<LiveTopic> Topics { get; } = [.. topicTexts.Select(Parse)];

        /// <summary>The block picked from the shared answer (<c>&lt;template data-ticket="2026-12-07 A003"</c>), or null for a part shown whole.</summary>
        public PickedBlock? Pick => pick;

        public string? Fallback => fallback;

        /// <summary>An answer held <c>data-live-end</c>: live.js refreshes the part no more. Under the page's lock.</summary>
        public bool Ended { get; set; }

        /// <summary>A refresh is due within the debounce (live.js's <c>due</c> set); under the page's lock.</summary>
        public bool Due { get; set; }

        public Cause DueCause { get; set; }

        /// <summary>A refresh is on its way (live.js's <c>underWay</c> set); under the page's lock.</summary>
        public bool UnderWay { get; set; }

        /// <summary>Told of a change while a refresh was on its way: one more once it is answered (live.js's <c>again</c> set); under the page's lock.</summary>
        public Cause? Again { get; set; }

        /// <summary>The part's refreshes, as they were answered; under the page's lock.</summary>
        public List<PartRefresh> Refreshes { get; } = [];

        /// <summary>Whether a line of a <c>change</c> event is one of this part's topics (live.js's <c>covers</c>).</summary>
        public bool Watches(string line)
        {
            var words = line.Split(' ', 2);
            return Topics.Any(t => t.Covers(words[0], words.Length > 1 ? words[1] : ""));
        }

        private static LiveTopic Parse(string topic)
        {
            var words = topic.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return new LiveTopic(words[0], words.Length > 1 ? words[1] : "");
        }
    }

    /// <summary>
    /// One open page, as live.js runs in it: the parts its HTML marks, one event stream for all their
    /// topics (reconnected 2 s after a break, as EventSource does), a refresh of each part told of a
    /// change 150 ms later with the last change's id, every part at <c>ready</c> and <c>refresh</c>,
    /// a picked part's block from the shared answer or else its fallback's answer, and no more refreshes
    /// of a part once an answer ended it. Its own cookies.
    /// </summary>
    private sealed partial class LivePage(HttpClient http, PageKind kind, string path, CookieJar cookies)
    {
        private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(150);

        private static readonly TimeSpan RefreshTimeout = TimeSpan.FromSeconds(30);

        /// <summary>A browser keeps six HTTP/1.1 connections to a host; the event stream holds one of them.</summary>
        private readonly SemaphoreSlim _connections = new(5);

        private readonly Lock _gate = new();
        private readonly List<SeenEvent> _events = [];
        private CancellationTokenSource _close = new();
        private List<Task> _running = [];
        private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private string _position = "";
        private int _inFlight;

        public PageKind Kind => kind;

        public IReadOnlyList<LivePart> Parts { get; private set; } = [];

        /// <summary>The topics of all parts, as live.js joins them for the stream.</summary>
        public string StreamTopics { get; private set; } = "";

        /// <summary>Set at the stream's first <c>ready</c> since <see cref="Open"/>.</summary>
        public Task Ready => _ready.Task;

        public int Broken { get; private set; }

        public int Refused { get; private set; }

        /// <summary>A refresh due or on its way.</summary>
        public bool Busy
        {
            get
            {
                lock (_gate)
                {
                    return _inFlight > 0 || Parts.Any(p => p.Due || p.UnderWay);
                }
            }
        }

        public IReadOnlyList<PartRefresh> Refreshes
        {
            get
            {
                lock (_gate)
                {
                    return [.. Parts.SelectMany(p => p.Refreshes)];
                }
            }
        }

        public IReadOnlyList<SeenEvent> Events
        {
            get
            {
                lock (_gate)
                {
                    return [.. _events];
                }
            }
        }

        public IEnumerable<PartRefresh> RefreshesBetween(long from, long to) => Refreshes.Where(r => r.Sent >= from && r.Sent < to);

        public int ChangesBetween(long from, long to) => Events.Count(e => e.Type == LiveStream.ChangeEvent && e.At >= from && e.At < to);

        /// <summary>The part's refreshes, in the order they were sent.</summary>
        public IReadOnlyList<PartRefresh> RefreshesOf(LivePart part)
        {
            lock (_gate)
            {
                return [.. part.Refreshes.OrderBy(r => r.Sent)];
            }
        }

        /// <summary>GETs the page as a browser opens it and reads its live parts; fails unless it answers 200 with at least one part that watches topics.</summary>
        public async Task LoadAsync(CancellationToken ct)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            cookies.AddTo(request);
            using var response = await http.SendAsync(request, ct);
            cookies.Take(response);
            var html = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}");
            }

            Parts = [.. LiveTag().Matches(html).Select(m => new LivePart(
                WebUtility.HtmlDecode(m.Groups["live"].Value),
                Attribute(TopicsAttribute(), m.Value) is { } topics ? topics.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [],
                Attribute(PickAttribute(), m.Value) is { } pick ? Picked(pick, path) : null,
                Attribute(FallbackAttribute(), m.Value)))];

            // live.js polls a part that watches nothing, which this benchmark does not do: such a page would be measured as cheaper than it is.
            if (Parts.Count == 0 || Parts.Any(p => p.Topics.Count == 0))
            {
                throw new InvalidOperationException($"{path} has a live part that watches no topic (a poll), or none at all");
            }

            StreamTopics = string.Join(';', Parts.SelectMany(p => p.TopicTexts).Distinct());
        }

        public void Open()
        {
            lock (_gate)
            {
                _close = new CancellationTokenSource();
                _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _events.Clear();
                foreach (var part in Parts)
                {
                    part.Refreshes.Clear();
                    part.Ended = false;
                }
            }

            var stop = _close.Token;
            _running = [Task.Run(() => ListenAsync(stop), CancellationToken.None)];
        }

        /// <summary>Closes the page (its stream), once its refreshes under way have come back.</summary>
        public async Task CloseAsync()
        {
            await _close.CancelAsync();
            await Task.WhenAll(_running);
            while (Busy)
            {
                await Task.Delay(50, CancellationToken.None);
            }

            _close.Dispose();
        }

        private async Task ListenAsync(CancellationToken stop)
        {
            var wait = TimeSpan.FromSeconds(2);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/live/events?{LiveTopic.Field}={Uri.EscapeDataString(StreamTopics)}");
                    request.Headers.Accept.ParseAdd("text/event-stream");
                    request.Headers.CacheControl = new() { NoCache = true };
                    cookies.AddTo(request);
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
                    cookies.Take(response);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        // A refusal (a full node, a sign-in that ended): live.js tries again, less and less often.
                        Refused++;
                        await Task.Delay(wait, stop);
                        wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
                        continue;
                    }

                    wait = TimeSpan.FromSeconds(2);
                    await using var body = await response.Content.ReadAsStreamAsync(stop);
                    await foreach (var item in SseParser.Create(body).EnumerateAsync(stop))
                    {
                        Heard(item);
                    }

                    Broken++;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException)
                {
                    Broken++;
                }

                // EventSource comes back by itself after the retry the stream gave (2 s).
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        private void Heard(SseItem<string> item)
        {
            var at = Stopwatch.GetTimestamp();
            if (item.EventType == LiveStream.PingEvent)
            {
                return;
            }

            var lines = item.EventType == LiveStream.ChangeEvent ? item.Data.Split('\n') : [];
            lock (_gate)
            {
                _events.Add(new SeenEvent(item.EventType, IdMilliseconds(item.EventId), lines, at));
                _position = item.EventId ?? item.Data;
                foreach (var part in Parts.Where(p => !p.Ended))
                {
                    if (item.EventType != LiveStream.ChangeEvent)
                    {
                        RefreshSoon(part, Cause.Ready);
                    }
                    else if (lines.Any(part.Watches))
                    {
                        RefreshSoon(part, Cause.Change);
                    }
                }
            }

            if (item.EventType == LiveStream.ReadyEvent)
            {
                _ready.TrySetResult();
            }
        }

        /// <summary>
        /// live.js's <c>refreshSoon</c>: once within the debounce, with the id known when it fires;
        /// while one is on its way, once more after its answer. Under the lock.
        /// </summary>
        private void RefreshSoon(LivePart part, Cause cause)
        {
            if (part.UnderWay)
            {
                part.Again ??= cause;
                return;
            }

            if (part.Due)
            {
                return;
            }

            (part.Due, part.DueCause) = (true, cause);
            var stop = _close.Token;
            _ = Task.Run(async () =>
            {
                await Task.Delay(Debounce, CancellationToken.None);
                string id;
                lock (_gate)
                {
                    part.Due = false;
                    part.UnderWay = true;
                    id = _position;
                    _inFlight++;
                }

                await RefreshAsync(part, id, part.DueCause, stop);
                lock (_gate)
                {
                    part.UnderWay = false;
                    if (part.Again is { } again && !part.Ended && !stop.IsCancellationRequested)
                    {
                        RefreshSoon(part, again);
                    }

                    part.Again = null;
                }
            }, CancellationToken.None);
        }

        /// <summary>
        /// live.js's <c>refresh</c>: GET the part with <c>live=</c><paramref name="id"/> and the header,
        /// unless the page closed meanwhile; of a picked part, its block from that answer, or else the
        /// fallback's answer, asked with the same id; recorded with its (last) answer or its timeout,
        /// and whether that answer ended the part. The caller counted it in flight.
        /// </summary>
        private async Task RefreshAsync(LivePart part, string id, Cause cause, CancellationToken stop)
        {
            try
            {
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                var sent = Stopwatch.GetTimestamp();
                using var timeout = new CancellationTokenSource(RefreshTimeout);
                var answer = await GetAsync(part.Url, id, timeout.Token);
                var fellBack = false;
                if (answer.Body is { } shared && part.Pick is { } pick)
                {
                    var at = shared.IndexOf(pick.StartTag, StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        answer = answer with { Body = shared[at..shared.IndexOf(pick.EndTag, at, StringComparison.Ordinal)] };
                    }
                    else if (part.Fallback is { } fallback)
                    {
                        fellBack = true;
                        var renewed = answer.Renewed;
                        answer = await GetAsync(fallback, id, timeout.Token);
                        answer = answer with { Renewed = answer.Renewed || renewed };
                    }
                    else
                    {
                        // live.js shows nothing then: the part is not refreshed.
                        answer = answer with { Status = 0, Body = null, Failure = $"{part.Url}: no {pick.StartTag} in the answer, and no fallback" };
                    }
                }

                var refresh = new PartRefresh(kind, cause, sent, Stopwatch.GetTimestamp(), answer.Status, answer.Renewed, fellBack, answer.Failure);
                lock (_gate)
                {
                    part.Refreshes.Add(refresh);
                    part.Ended |= answer.Body?.Contains("data-live-end", StringComparison.Ordinal) == true;
                }
            }
            finally
            {
                lock (_gate)
                {
                    _inFlight--;
                }
            }
        }

        /// <summary>One GET of a refresh (fetch() in live.js), waiting for one of the page's connections as a browser does; the body only of a 200.</summary>
        private async Task<Answer> GetAsync(string part, string id, CancellationToken timeout)
        {
            var url = $"{part}{(part.Contains('?', StringComparison.Ordinal) ? "&" : "?")}{LiveParts.QueryKey}={Uri.EscapeDataString(id)}";
            var connected = false;
            try
            {
                // A browser's own wait for one of its connections to the node counts in the refresh, as in fetch().
                await _connections.WaitAsync(timeout);
                connected = true;
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Add(LiveParts.Header, "live");
                cookies.AddTo(request);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout);
                var renewed = cookies.Take(response);
                return response.StatusCode == HttpStatusCode.OK
                    ? new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync(timeout), renewed, null)
                    : new Answer((int)response.StatusCode, null, renewed, $"{url}: {(int)response.StatusCode} {response.Headers.Location}");
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
            {
                return new Answer(0, null, false, $"{url}: no answer within {RefreshTimeout.TotalSeconds:0} s ({ex.GetType().Name}: {ex.Message})");
            }
            finally
            {
                if (connected)
                {
                    _connections.Release();
                }
            }
        }

        /// <summary>
        /// The block a <c>data-pick</c> selector names, in the one form the pages write
        /// (<c>tag[attribute='value']</c>, see <c>TicketsModel.Pick</c>): what its start tag holds and its end tag.
        /// </summary>
        private static PickedBlock Picked(string selector, string page) =>
            PickSelector().Match(selector) is { Success: true } m
                ? new PickedBlock($"<{m.Groups["tag"].Value} {m.Groups["attribute"].Value}=\"{WebUtility.HtmlEncode(m.Groups["value"].Value)}\"", $"</{m.Groups["tag"].Value}>")
                : throw new InvalidOperationException($"{page}: data-pick=\"{selector}\" is not of the form tag[attribute='value'] this benchmark reads");

        private static string? Attribute(Regex attribute, string tag) =>
            attribute.Match(tag) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups["v"].Value) : null;

        [GeneratedRegex("<[a-z]+\\b[^>]*\\bdata-live=\"(?<live>[^\"]*)\"[^>]*>")]
        private static partial Regex LiveTag();

        [GeneratedRegex("\\bdata-topics=\"(?<v>[^\"]*)\"")]
        private static partial Regex TopicsAttribute();

        [GeneratedRegex("\\bdata-pick=\"(?<v>[^\"]*)\"")]
        private static partial Regex PickAttribute();

        [GeneratedRegex("\\bdata-fallback=\"(?<v>[^\"]*)\"")]
        private static partial Regex FallbackAttribute();

        [GeneratedRegex("^(?<tag>[a-z]+)\\[(?<attribute>[a-z-]+)='(?<value>[^']*)'\\]$")]
        private static partial Regex PickSelector();
    }

    /// <summary>The Unix milliseconds of a change id (a version-7 GUID, "N"), or <see cref="long.MinValue"/> if it is none.</summary>
    private static long IdMilliseconds(string? id)
    {
        if (id is null || !Guid.TryParseExact(id, "N", out var guid) || guid.Version != 7)
        {
            return long.MinValue;
        }

        Span<byte> bytes = stackalloc byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        return ((long)bytes[0] << 40) | ((long)bytes[1] << 32) | ((long)bytes[2] << 24) | ((long)bytes[3] << 16) | ((long)bytes[4] << 8) | bytes[5];
    }

    // ---- Latency: commit → the change at every page watching it → its parts refreshed ----

    /// <summary>
    /// For each transition of the window and each page watching its unit: the first event at that
    /// page that covers it — a <c>change</c> naming the unit, or a <c>refresh</c> — whose id was made
    /// no earlier than the transition's call started (a change's id is a version-7 GUID the publishing
    /// node makes after the commits it tells of); (a) its arrival after the commit (the handler
    /// returned), (b) the answer to the first refresh of each of the page's parts that watch the
    /// change sent after that arrival, the last of them. A pair with no such event by the end of the
    /// drain is missed; an event but no refresh answered 200 after it is not shown. A match whose id
    /// precedes the transition's return by more than a millisecond is counted as early: it may be the
    /// unit's previous change, published late.
    /// </summary>
    private sealed record Latency(int Transitions, int Pairs, LatencySummary Change, LatencySummary Shown, int Missed, int NotShown, int Early, int ByRefresh)
    {
        public static Latency Of(List<TransitionRecord> transitions, IReadOnlyList<LivePage> pages)
        {
            // The pages told of a unit's changes: those with a part watching it (its hall or township, or its item's queue).
            var byUnit = transitions.Select(t => t.Unit).Distinct().ToDictionary(
                unit => unit,
                unit => pages.Where(p => p.Parts.Any(part => part.Watches(unit.Line)))
                    .Select(p => (Events: p.Events, Parts: p.Parts.Where(part => part.Topics.Count > 0).Select(part => (Part: part, Refreshes: p.RefreshesOf(part))).ToList())).ToList());
            var (change, shown) = (new List<double>(), new List<double>());
            var (pairs, missed, notShown, early, byRefresh) = (0, 0, 0, 0, 0);
            foreach (var t in transitions)
            {
                foreach (var (events, parts) in byUnit[t.Unit])
                {
                    pairs++;
                    var matched = events.Skip(LowerBound(events, t.StartTs, e => e.At))
                        .FirstOrDefault(e => e.IdMs >= t.StartMs && (e.Type != LiveStream.ChangeEvent || e.Lines.Any(t.Unit.IsChangedBy)));
                    if (matched is null)
                    {
                        missed++;
                        continue;
                    }

                    early += matched.IdMs < t.EndMs - 1 ? 1 : 0;
                    byRefresh += matched.Type == LiveStream.ChangeEvent ? 0 : 1;
                    change.Add(Stopwatch.GetElapsedTime(t.EndTs, matched.At).TotalMilliseconds);

                    // The parts live.js refreshes for this event; each shows the change once the first refresh sent after it is answered.
                    var watching = parts.Where(p => matched.Type != LiveStream.ChangeEvent || matched.Lines.Where(t.Unit.IsChangedBy).Any(p.Part.Watches)).ToList();
                    var answers = watching.Select(p => p.Refreshes.Skip(LowerBound(p.Refreshes, matched.At, r => r.Sent)).FirstOrDefault()).ToList();
                    if (answers.Count == 0 || answers.Any(a => a is not { Status: (int)HttpStatusCode.OK }))
                    {
                        notShown++;
                        continue;
                    }

                    shown.Add(Stopwatch.GetElapsedTime(t.EndTs, answers.Max(a => a!.Done)).TotalMilliseconds);
                }
            }

            return new(transitions.Count, pairs, LatencySummary.Of(change), LatencySummary.Of(shown), missed, notShown, early, byRefresh);
        }

        /// <summary>The first index whose key is at least <paramref name="value"/>, of a list sorted by it.</summary>
        private static int LowerBound<T>(IReadOnlyList<T> sorted, long value, Func<T, long> key)
        {
            var (low, high) = (0, sorted.Count);
            while (low < high)
            {
                var mid = (low + high) / 2;
                (low, high) = key(sorted[mid]) < value ? (mid + 1, high) : (low, mid);
            }

            return low;
        }
    }

    // ---- The report ----

    private sealed partial class Report(BenchmarkOptions options, string machine, World world, IReadOnlyList<LivePage> pages, List<Round> rounds)
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        private double IdleCost => Stats.Median(rounds.Select(r => r.Idle.TxPerSecond - r.Quiet.TxPerSecond));

        private double LoadCost => Stats.Median(rounds.Select(r => r.Loaded.TxPerSecond - r.Alone.TxPerSecond));

        private double ShownP99 => Stats.Median(rounds.Select(r => r.Latency.Shown.P99));

        private double ChangeP99 => Stats.Median(rounds.Select(r => r.Latency.Change.P99));

        private int Missed => rounds.Sum(r => r.Latency.Missed);

        private int NotShown => rounds.Sum(r => r.Latency.NotShown);

        private int Broken => rounds.Sum(r => r.Health.Broken);

        private int Refused => rounds.Sum(r => r.Health.Refused);

        private int FailedRefreshes => rounds.Sum(r => r.Health.FailedRefreshes);

        private int FailedTransitions => rounds.Sum(r => r.Alone.FailedTransitions + r.Loaded.FailedTransitions);

        private int IdleChanges => rounds.Sum(r => r.Idle.ChangeEvents);

        private int Measured => rounds.Sum(r => r.Latency.Transitions);

        public bool ChecksHold =>
            pages.Count == TotalPages && Measured > 0 && Missed == 0 && NotShown == 0 && Broken == 0 && Refused == 0 && FailedRefreshes == 0 && FailedTransitions == 0 && IdleChanges == 0;

        private static int TotalPages => (Halls * (ScreensPerHall + CallingWindows + 1 + 1 + PhonesPerHall)) + (Townships * SanlingPagesPerTownship);

        public string Text()
        {
            var text = new StringBuilder();
            text.AppendLine("## Live pages");
            text.AppendLine();
            text.AppendLine(Inv, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `{options.Command}`.");
            text.AppendLine();
            Method(text);
            Transactions(text);
            LatencyTable(text);
            Refreshes(text);
            Cpu(text);
            Checks(text);
            return text.ToString();
        }

        private void Method(StringBuilder text)
        {
            var kinds = pages.GroupBy(p => p.Kind).ToDictionary(g => g.Key, g => g.Count());
            text.AppendLine(Inv, $"- Machine: {machine}.");
            text.AppendLine(Inv, $"- Two nodes on database `{Database}`: node A, `dotnet Host.dll` as a process (Production, `Host/appsettings.json`), which every page reaches over HTTP (Kestrel on loopback); "
                + $"node B, the Host's own `Program` in the benchmark process (`HostInProcess`: Quartz, Hangfire, the outbox dispatcher, its own live listener and publisher), whose use-case handlers make the transitions. "
                + $"So every change reaches the pages as between two Hosts: node B's commit, its publisher's `pg_notify` after the 50 ms gather, node A's listener, node A's streams; and its commit instant is known here (the handler returns after it).");
            text.AppendLine(Inv, $"- Seed, through node B: {Halls} halls of {CallingWindows + 1} windows and {CallingWindows + 1} items (window k serves item k); at the start {AheadOfPhones(options)} tickets wait at each of items 1–{CallingWindows} "
                + $"and behind them {PhonesPerHall} more over those items in turn: the tickets the phones follow, each called only after the run (every call at its item moves it up: its page counts who is ahead each time); item {CallingWindows + 1}'s window never calls. "
                + $"{Townships} townships of one city, each with an official and {VillagesPerTownship} villages (rosters as in the tests). One person per role and scope the pages need "
                + $"({world.SignIns}: a clerk per window, a lead per hall, an official per township), each signed in **once** over HTTP (`POST /auth/login?useCookies=true`); "
                + $"every page starts from a copy of its person's cookies and keeps its own from then on, as a browser of its own: it sends them with each request and takes what answers set (a renewed sign-in cookie). "
                + $"Signing in per page would have measured {TotalPages:N0} password hashes, not the pages.");
            text.AppendLine(Inv, $"- Pages ({pages.Count:N0}): per hall {ScreensPerHall} big screens (`/hall/{{id}}/screen`, anonymous), {CallingWindows + 1} window pages (`/staff/window/{{id}}`), 1 lead page (`/lead`) and {PhonesPerHall} phone ticket pages (`/t/{{key}}`, anonymous, keys sealed by node B); "
                + $"per township {SanlingPagesPerTownship} 三零 pages of its official (`/sanling`): {string.Join(", ", kinds.Select(k => $"{k.Value} {Label(k.Key)}"))}. Each page was loaded once over HTTP and its live parts read from its HTML "
                + $"(`data-live`, `data-topics`, `data-pick`, `data-fallback`: {pages.Sum(p => p.Parts.Count):N0} parts). Then per round each does what `Host/wwwroot/live.js` does: one event stream (`GET /api/live/events?topics=`, all its parts' topics joined as live.js joins them), "
                + $"`System.Net.ServerSentEvents.SseParser` on it; at `ready` and `refresh` every part, and at a `change` each part that watches one of its lines, refreshed 150 ms later with the last id "
                + $"(`GET part&live=<id>` with `X-Requested-With: live`, once within the 150 ms; a part told of a change while its refresh is on its way is refreshed once more after the answer, never two at once). A phone's part (`data-pick`) is refreshed from its item's shared answer (`/hall/{{id}}/tickets?item={{item}}`, the block of each of the item's open tickets), "
                + $"its own ticket's block found in it by the selector's attribute; when the block is not there, its own part (`data-fallback`, `/t/{{key}}?handler=Live`) is asked with the same id, and the refresh is answered when that is; "
                + $"an answer holding `data-live-end` (a finished ticket) ends the part's refreshes (the phones here follow tickets that wait throughout). No part has a timer: the 剩余 … clocks are drawn in the browser. "
                + $"One `HttpClient` (`SocketsHttpHandler`) for all; a stream holds a connection of its own, and a page has at most 5 refreshes under way, as a browser keeps 6 connections to a host (a refresh's wait for one counts in it); a refresh unanswered after 30 s fails.");
            text.AppendLine(Inv, $"- Transitions: {options.Rate} a second at fixed instants (open loop), round robin over the {Halls + Townships} units (two halls, then a township), so a unit's successive transitions are "
                + $"{(Halls + Townships) * 1000.0 / options.Rate:0} ms apart; a unit's next one waits besides until {UnitGap.TotalMilliseconds:0} ms after its previous one returned. A hall cycles over windows 1–{CallingWindows}: "
                + $"`IssueTicketHandler` (a walk-in for the window's item), `CallNextHandler` (叫号), `ServeTicketHandler.CompleteAsync` (办结 of what it called); a township over its villages: `RegisterDisputeHandler` (a village team registers a dispute), "
                + $"`EscalateDisputeHandler` (上报镇, which emails the township's official through the outbox). A unit's cycle is never cut: transitions stop between cycles.");
            text.AppendLine(Inv, $"- Per round, in this order: (1) both nodes up, no page, no transition; (3) the transitions, no page; the pages open at an even pace over {OpeningSeconds} s in a random order, as a hall's screens and phones come up (each stream's opening renews its page's cookie, so the cookies age apart as on pages open all day), and every part is refreshed at `ready`; (2) the pages, idle; (4) the transitions with the pages; the pages close. "
                + $"Each window is {options.Seconds} s; a transition window starts after {WarmUpSeconds} s of transitions; (1) and (2) start {SettleSeconds} s after the work before (PostgreSQL 15 flushes an idle backend's counts within 10 s). "
                + $"Transactions a second: `xact_commit + xact_rollback` of the database in `pg_stat_database`, read from the `postgres` database (with `pg_stat_clear_snapshot()`), so the readings count in neither. "
                + $"The pages' cost: (2) − (1) idle, (4) − (3) under load.");
            text.AppendLine(Inv, $"- Latency, for every transition that started in window (4) and every page watching what it changed (its township; its hall's screens and lead, and the windows and phones of the item whose ticket it moved: the topic `queue-ticket hall/{{id}}/item/{{item}}`) "
                + $"({Stats.Median(rounds.Select(r => (double)r.Latency.Pairs)):N0} pairs a round): "
                + $"the page's first event that covers it — a `change` with a line of the unit, or a `refresh` — whose id was made no earlier than the call started. A change id is a version-7 GUID (Unix milliseconds) that the publishing node makes "
                + $"after taking the topics its commits raised, so the transition's own change always qualifies; an earlier change of the same unit qualifies only if it was published after this transition started, "
                + $"i.e. more than {UnitGap.TotalMilliseconds:0} ms after it returned (the publisher gathers 50 ms). Such a match would be early; those whose id precedes the transition's return by more than 1 ms are counted. "
                + $"(a) commit → change: that event's arrival after the handler returned; (b) commit → shown: the answer to the first refresh of each of the page's parts that watch it sent after that arrival, the last of them — what a person sees. "
                + $"Missed: no such event {DrainSeconds} s after the last transition; not shown: an event, but a part's next refresh did not answer 200.");
            text.AppendLine();
        }

        private void Transactions(StringBuilder text)
        {
            text.AppendLine("| round | (1) no pages, no transitions | (2) pages, idle | **idle cost (2) − (1)** | (3) transitions, no pages | (4) transitions with pages | **load cost (4) − (3)** | transitions/s (3) / (4) | arrival lag p99 (3) / (4) (ms) |");
            text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var r in rounds)
            {
                text.AppendLine(Inv, $"| {r.Number} | {r.Quiet.TxPerSecond:0.00} | {r.Idle.TxPerSecond:0.00} | {r.Idle.TxPerSecond - r.Quiet.TxPerSecond:0.00} | {r.Alone.TxPerSecond:0.0} | {r.Loaded.TxPerSecond:0.0} | "
                    + $"{r.Loaded.TxPerSecond - r.Alone.TxPerSecond:0.0} | {r.Alone.TransitionsPerSecond:0.0} / {r.Loaded.TransitionsPerSecond:0.0} | {r.Alone.LagP99Ms:0} / {r.Loaded.LagP99Ms:0} |");
            }

            text.AppendLine(Inv, $"| **median** | {Stats.Median(rounds.Select(r => r.Quiet.TxPerSecond)):0.00} | {Stats.Median(rounds.Select(r => r.Idle.TxPerSecond)):0.00} | **{IdleCost:0.00}** | "
                + $"{Stats.Median(rounds.Select(r => r.Alone.TxPerSecond)):0.0} | {Stats.Median(rounds.Select(r => r.Loaded.TxPerSecond)):0.0} | **{LoadCost:0.0}** | | |");
            text.AppendLine();
            text.AppendLine(Inv, $"Idle, {pages.Count:N0} open pages cost PostgreSQL **{IdleCost:0.00}** transactions a second (median of rounds; target ≤ {IdleTargetPerSecond:0}). Verdict: **{(IdleCost <= IdleTargetPerSecond ? "met" : "NOT met")}**. "
                + $"Under {options.Rate} transitions a second they cost **{LoadCost:0.0}** a second more than the transitions alone.");
            text.AppendLine();
        }

        private void LatencyTable(StringBuilder text)
        {
            text.AppendLine("| round | transitions | transition × page | commit → change p50 / p95 / p99 / max (ms) | commit → shown p50 / p95 / p99 / max (ms) | missed | not shown | early matches | by a `refresh` |");
            text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var r in rounds)
            {
                var (l, c, s) = (r.Latency, r.Latency.Change, r.Latency.Shown);
                text.AppendLine(Inv, $"| {r.Number} | {l.Transitions:N0} | {l.Pairs:N0} | {Ms(c.P50)} / {Ms(c.P95)} / {Ms(c.P99)} / {Ms(c.Max)} | {Ms(s.P50)} / {Ms(s.P95)} / {Ms(s.P99)} / {Ms(s.Max)} | {l.Missed} | {l.NotShown} | {l.Early} | {l.ByRefresh} |");
            }

            text.AppendLine(Inv, $"| **median** | | | {Ms(Stats.Median(rounds.Select(r => r.Latency.Change.P50)))} / {Ms(Stats.Median(rounds.Select(r => r.Latency.Change.P95)))} / **{Ms(ChangeP99)}** / {Ms(Stats.Median(rounds.Select(r => r.Latency.Change.Max)))} | "
                + $"{Ms(Stats.Median(rounds.Select(r => r.Latency.Shown.P50)))} / {Ms(Stats.Median(rounds.Select(r => r.Latency.Shown.P95)))} / **{Ms(ShownP99)}** / {Ms(Stats.Median(rounds.Select(r => r.Latency.Shown.Max)))} | | | | |");
            text.AppendLine();
            text.AppendLine(Inv, $"From a transition's commit to every page that watches it showing it (what a person sees): p99 **{Ms(ShownP99)} ms** (median of rounds; target ≤ {Ms(P99TargetMs)} ms); to the change event's arrival: p99 **{Ms(ChangeP99)} ms**. "
                + $"Verdict: **{(ShownP99 <= P99TargetMs ? "met" : "NOT met")}**. Pages that missed a transition: **{Missed}** (target 0).");
            text.AppendLine();
        }

        private void Refreshes(StringBuilder text)
        {
            var seconds = (Idle: rounds.Sum(r => r.Idle.Seconds), Loaded: rounds.Sum(r => r.Loaded.Seconds));
            text.AppendLine("Refreshes a second node A answered, per kind of page (all rounds' windows (2) and (4)), and how long an answer took under load:");
            text.AppendLine();
            text.AppendLine("| page | pages | live parts | (2) idle | (4) load | (4) load: fell back to the own part | (4) load: answer p50 / p99 (ms) |");
            text.AppendLine("| --- | ---: | --- | ---: | ---: | ---: | ---: |");
            foreach (var group in pages.GroupBy(p => p.Kind))
            {
                var kind = group.Key;
                var parts = string.Join(", ", group.First().Parts.Select(p => p.Pick is null ? Shown(p.Url) : $"{Shown(p.Url)}, its block picked, else {Shown(p.Fallback ?? "")}"));
                double Count(Func<Round, Phase> phase) => rounds.Sum(r => phase(r).Refreshes.Where(c => c.Key.Kind == kind).Sum(c => c.Value));
                var answers = rounds.Select(r => r.Loaded.RefreshMs.GetValueOrDefault(kind)).Where(a => a is not null).ToList();
                text.AppendLine(Inv, $"| {Label(kind)} | {group.Count()} | {parts} | {Count(r => r.Idle) / seconds.Idle:0.0} | {Count(r => r.Loaded) / seconds.Loaded:0.0} | "
                    + $"{rounds.Sum(r => r.Loaded.FellBackOf(kind)) / seconds.Loaded:0.0} | {Ms(Stats.Median(answers.Select(a => a!.P50)))} / {Ms(Stats.Median(answers.Select(a => a!.P99)))} |");
            }

            text.AppendLine(Inv, $"| **all** | {pages.Count} | | {rounds.Sum(r => r.Idle.Refreshes.Values.Sum()) / seconds.Idle:0.0} | {rounds.Sum(r => r.Loaded.Refreshes.Values.Sum()) / seconds.Loaded:0.0} | "
                + $"{rounds.Sum(r => r.Loaded.FellBack) / seconds.Loaded:0.0} | |");
            text.AppendLine();
            text.AppendLine(Inv, $"A refresh is one request, and two when it fell back: node A answered {rounds.Sum(r => r.Loaded.Refreshes.Values.Sum() + r.Loaded.FellBack) / seconds.Loaded:0.0} refresh requests a second under load.");
            text.AppendLine();
            text.AppendLine(Inv, $"Refreshes whose answer renewed the sign-in cookie (a refresh trusts a cookie issued less than `Live:SessionRecheck`, 1 minute, ago; after that it checks the person in the store and reissues the cookie, and such an answer is never kept for other pages): "
                + $"{rounds.Sum(r => r.Idle.Renewed)} in the idle windows, {rounds.Sum(r => r.Loaded.Renewed)} under load. The pages opened over {OpeningSeconds} s; all streams ready and every part refreshed {Stats.Median(rounds.Select(r => r.Health.OpenSeconds)):0.0} s after the first (median).");
            text.AppendLine();
        }

        private void Cpu(StringBuilder text)
        {
            text.AppendLine("CPU, as shares of both cores' time over each window (PostgreSQL: every `postgres` process and the backends reaped meanwhile; node A: the Host process; benchmark: this process, node B and the pages' client side together; other: everything else on the machine):");
            text.AppendLine();
            text.AppendLine("| round | window | load (1 min) at start | busy | PostgreSQL | node A | benchmark (node B + pages) | other | iowait | refreshes/s |");
            text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var r in rounds)
            {
                foreach (var phase in new[] { r.Quiet, r.Alone, r.Idle, r.Loaded })
                {
                    var c = phase.Cpu;
                    text.AppendLine(Inv, $"| {r.Number} | {phase.Name} | {phase.Load} | {c.Busy:P0} | {c.Postgres:P0} | {c.Host:P0} | {c.Benchmark:P0} | {c.Other:P0} | {c.IoWait:P0} | {phase.RefreshesPerSecond:0.0} |");
                }
            }

            var loaded = rounds.Select(r => r.Loaded.Cpu).ToList();
            var (busy, other, io) = (Stats.Median(loaded.Select(c => c.Busy)), Stats.Median(loaded.Select(c => c.Other)), Stats.Median(loaded.Select(c => c.IoWait)));
            var (postgres, host, bench) = (Stats.Median(loaded.Select(c => c.Postgres)), Stats.Median(loaded.Select(c => c.Host)), Stats.Median(loaded.Select(c => c.Benchmark)));
            text.AppendLine();
            var shares = string.Create(Inv, $"in window (4) node A {host:P0}, PostgreSQL {postgres:P0}, the benchmark {bench:P0}, other work {other:P0}; iowait {io:P0}");
            text.AppendLine(Inv, $"Limit: {(busy >= 0.9 ? $"CPU (both cores {busy:P0} busy: {shares})" : io >= 0.1 ? $"the disk (iowait {io:P0}; CPU {busy:P0} busy: {shares})" : $"neither the cores nor the disk saturated (CPU {busy:P0} busy: {shares})")}. "
                + $"Every transition commits with an fsync in (3) and (4) alike; the pages add reads, whose transactions write no WAL.");
            text.AppendLine();
        }

        private void Checks(StringBuilder text)
        {
            text.AppendLine("| check | expected | found | |");
            text.AppendLine("| --- | ---: | ---: | --- |");
            Row(text, "pages loaded (200, with live parts)", TotalPages, pages.Count);
            Row(text, "transition × page pairs without the change (missed)", 0, Missed);
            Row(text, "transition × page pairs told, but not refreshed with a 200 after it", 0, NotShown);
            Row(text, "event streams that broke", 0, Broken);
            Row(text, "event streams refused (not 200)", 0, Refused);
            Row(text, "refreshes not answered 200 (all windows and the opening)", 0, FailedRefreshes);
            Row(text, "transitions that failed", 0, FailedTransitions);
            Row(text, "`change` events at the pages in the idle windows", 0, IdleChanges);
            if (rounds.Select(r => r.Health.FirstFailure).FirstOrDefault(f => f is not null) is { } failure)
            {
                text.AppendLine();
                text.AppendLine($"First failed refresh: {failure}");
            }
        }

        /// <summary>A part's address as the table names it: its handler's query, or its path with the ids left out.</summary>
        /// <summary>A part's address as the table names it: a page's handler, or a shared part's path with its ids as placeholders.</summary>
        private static string Shown(string url) => url.Split('?') is [_, var query] && query.StartsWith("handler=", StringComparison.Ordinal)
            ? $"`{query}`"
            : $"`{IdInPath().Replace(IdInQuery().Replace(url, "={id}"), "/{id}")}`";

        [GeneratedRegex("/[0-9]+")]
        private static partial Regex IdInPath();

        [GeneratedRegex("=[0-9]+")]
        private static partial Regex IdInQuery();

        /// <summary>Milliseconds, or a dash for a sample with nothing in it.</summary>
        private static string Ms(double value) => double.IsNaN(value) ? "—" : value.ToString("0", Inv);

        private static void Row(StringBuilder text, string check, long expected, long found) =>
            text.AppendLine(CultureInfo.InvariantCulture, $"| {check} | {expected:N0} | {found:N0} | {(expected == found ? "ok" : "**MISMATCH**")} |");

        private static string Label(PageKind kind) => kind switch
        {
            PageKind.Screen => "big screens (叫号大屏)",
            PageKind.Window => "window pages (窗口叫号)",
            PageKind.Lead => "lead pages (值班领导)",
            PageKind.Phone => "phone ticket pages (排队进度)",
            _ => "三零 pages (township officials)",
        };
    }
}
