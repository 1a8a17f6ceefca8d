using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Engine.Calendar;
using Governance.Workflows.Storage;
using Governance.Workflows.Tests.Calendar;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Api;

/// <summary>A database of its own: a year entered here reaches every Host on the database.</summary>
public sealed class CalendarApiDatabase() : TestDatabase("api_calendar");

/// <summary>The administrator keeps the holiday calendar: a year entered over the API is what working-day limits count by, on every node.</summary>
public sealed class CalendarApiTests(CalendarApiDatabase database) : IClassFixture<CalendarApiDatabase>, IAsyncLifetime
{
    // An arrangement for the tests only; the real 2027 notice is for the administrator to enter.
    private static readonly object Year2027 = new
    {
        source = "测试用安排（非国务院通知）",
        off = new[] { new[] { "2027-01-01", "2027-01-03", "元旦" } },
        makeUpWorkdays = Array.Empty<string>(),
    };

    private GovernanceHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(RuntimeHarness.FridayMorning.ToUniversalTime()));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private async Task<int> EntriesAsync()
    {
        await using var db = database.CreateContext();
        return await db.Set<HolidayYearEntry>().CountAsync();
    }

    [Fact]
    public async Task A_year_the_administrator_enters_is_counted_by_this_node_at_once_and_by_another_after_its_reload()
    {
        var admin = await _host.SignInAsync(Roles.Admin, "");
        var calendar = _host.Services.GetRequiredService<WorkingCalendar>();
        // Until then 2027 is counted by law alone: 元旦 1 Jan, then the weekend.
        Assert.Equal(2027, calendar.FirstYearWithoutData(Cst.At(2026, 12, 31, 10), calendar.AddWorkingDays(Cst.At(2026, 12, 31, 10), 3)));

        var response = await admin.PutAsJsonAsync("/api/calendar/years/2027", Year2027);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entered = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2027, entered.GetProperty("arrangement").GetProperty("year").GetInt32());
        Assert.Equal(JsonValueKind.Number, entered.GetProperty("recomputedLimits").ValueKind);
        // Thu 31 Dec + 1 working day: Fri 1 Jan 2027 is 元旦, the weekend follows, so Mon 4 Jan.
        Assert.Equal(Cst.At(2027, 1, 4, 10), calendar.AddWorkingDays(Cst.At(2026, 12, 31, 10), 1));
        var years = await admin.GetFromJsonAsync<JsonElement>("/api/calendar/years");
        Assert.Equal([2025, 2026, 2027], years.EnumerateArray().Select(y => y.GetProperty("year").GetInt32()));

        // Another node: a calendar of the shipped years, reloaded from the database as CalendarRefresh does.
        var otherNode = new WorkingCalendar(HolidayYears.Shipped);
        await new HolidayYears(new EngineContexts(database.Factory), otherNode).RefreshAsync(CancellationToken.None);
        Assert.False(otherNode.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.True(otherNode.IsWorkingDay(new DateOnly(2027, 1, 4)));
    }

    [Fact]
    public async Task Only_the_administrator_may_enter_a_year_and_bad_entries_name_their_field_and_store_nothing()
    {
        var before = await EntriesAsync();
        var official = await _host.SignInAsync(Roles.TownshipOfficial, "township/1");
        Assert.Equal(HttpStatusCode.Forbidden, (await official.PutAsJsonAsync("/api/calendar/years/2028", Year2027)).StatusCode);

        var admin = await _host.SignInAsync(Roles.Admin, "");
        async Task<IEnumerable<string>> FieldsAsync(int year, object body)
        {
            var response = await admin.PutAsJsonAsync($"/api/calendar/years/{year}", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name);
        }

        Assert.Equal(["off[0][1]"], await FieldsAsync(2028, new { source = "通知", off = new[] { new[] { "2028-01-01", "2028-13-01", "元旦" } }, makeUpWorkdays = Array.Empty<string>() }));
        Assert.Equal(["source"], await FieldsAsync(2028, new { off = Array.Empty<string[]>(), makeUpWorkdays = Array.Empty<string>() }));
        Assert.Equal(["makeUpWorkdays[0]"], await FieldsAsync(2028, new { source = "通知", off = Array.Empty<string[]>(), makeUpWorkdays = new[] { "明天" } }));
        // 2026's data has 1–3 January 2026 off; a 2025 entry may not make Saturday 3 January 2026 a working day.
        Assert.Contains("off", await FieldsAsync(2025, new { source = "通知", off = Array.Empty<string[]>(), makeUpWorkdays = new[] { "2026-01-03" } }));

        Assert.Equal(before, await EntriesAsync());
    }
}
