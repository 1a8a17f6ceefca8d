using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Workflows.Privacy;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Api;

/// <summary>
/// The hostile requests that were found answering 500 or accepted although wrong (issue 12), one
/// each: every one now answers a 400 in Chinese naming the field, and stores nothing.
/// </summary>
public sealed partial class HostileInputTests(TestDatabase database) : IAsyncLifetime
{
    private GovernanceHost _host = null!;
    private AppointmentSession _session = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(RuntimeHarness.FridayMorning.ToUniversalTime()));
        var hall = await TestHall.CreateAsync(database);
        await using var db = database.CreateContext();
        var item = new ServiceItem(hall.Hall.Id, "QS", "契税");
        db.Add(item);
        await db.SaveChangesAsync();
        _session = new AppointmentSession(hall.Hall, item.Id, "周日契税专场", new DateOnly(2026, 11, 22), new TimeOnly(9, 0), new TimeOnly(10, 0), TimeSpan.FromMinutes(30), 5, isWorkingDay: false);
        db.Add(_session);
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Bug_a_NUL_in_a_booking_name_was_a_500()
    {
        var phone = TestPeople.Phone(9101);
        var response = await _host.CreateClient().PostAsJsonAsync("/api/appointments", Booking(9101) with { Name = "张\0三" }, Ct);

        await AssertNamesAsync(response, "name", "不能含控制字符");
        await using var db = database.CreateContext();
        Assert.False(await db.Set<Booking>().AnyAsync(b => b.Phone == phone, Ct));
    }

    /// <summary>
    /// The booking page holds its form to the same rules: a control character reaches the page and
    /// is refused naming the form field; a NUL is refused by the framework's form reader before
    /// (a 400 all the same, in Chinese). Either way nothing is booked.
    /// </summary>
    [Theory]
    [InlineData("李\u0001四", "Name")]
    [InlineData("李\0四", "body")]
    public async Task Bug_a_NUL_in_a_booking_form_was_a_500_too(string name, string field)
    {
        var client = _host.CreateClient();
        var form = await client.GetStringAsync($"/appointments/book/{_session.Slots[0].Id}", Ct);
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        // 9120 + the control character: its own people, apart from every other test's here.
        var person = 9120 + name[1];

        var response = await client.PostAsync($"/appointments/book/{_session.Slots[0].Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Name"] = name,
            ["Phone"] = TestPeople.Phone(person),
            ["IdNumber"] = TestPeople.IdNumber(person),
            ["Email"] = $"li4-{person}@test.gov.cn",
        }), Ct);

        // A page's refusal is the Chinese status page (a person never sees the API's JSON): a NUL
        // spoils the whole form, which gets the page's general words; a control character is named.
        var page = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal((HttpStatusCode.BadRequest, "text/html"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        Assert.Contains(field == "body" ? "填写的内容不符合要求" : "不能含控制字符", page, StringComparison.Ordinal);
        Assert.DoesNotContain("\"errors\"", page, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        var phone = TestPeople.Phone(person);
        Assert.False(await db.Set<Booking>().AnyAsync(b => b.Phone == phone, Ct));
    }

    [Theory]
    [InlineData("/auth/register", """{"email":null,"password":"Test@2026!"}""", "email")]
    [InlineData("/auth/register", """{"email":"x@test.gov.cn"}""", "password")]
    [InlineData("/auth/login", """{"email":"x@test.gov.cn","password":null}""", "password")]
    [InlineData("/auth/forgotPassword", """{"email":null}""", "email")]
    public async Task Bug_null_or_missing_email_or_password_on_auth_was_a_500(string route, string body, string field)
    {
        var response = await _host.CreateClient().PostAsync(route, new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        await AssertNamesAsync(response, field, "必填");
    }

    [Fact]
    public async Task Bug_a_10_kB_cancel_reason_was_a_500_and_one_past_its_column_is_refused_too()
    {
        var client = _host.CreateClient();
        var booked = await client.PostAsJsonAsync("/api/appointments", Booking(9103), Ct);
        booked.EnsureSuccessStatusCode();
        var reference = (await booked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("reference").GetString();

        foreach (var length in new[] { 10_000, ChangeAppointmentHandler.MaxReason + 1 })
        {
            var cancel = await client.PostAsJsonAsync($"/api/appointments/{reference}/cancel", new { phone = TestPeople.Phone(9103), reason = new string('因', length) }, Ct);
            await AssertNamesAsync(cancel, "reason", "不能超过");
        }

        var view = await client.GetFromJsonAsync<JsonElement>($"/api/appointments/{reference}?phone={TestPeople.Phone(9103)}", Ct);
        Assert.Equal(AppointmentWorkflow.Booked, view.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Bug_a_session_in_year_9999_was_a_500()
    {
        var admin = await _host.SignInAsync(Roles.Admin, "");
        var response = await admin.PostAsJsonAsync("/api/appointments/sessions", new
        {
            itemId = _session.ItemId, name = "万年专场", date = "9999-12-31", opens = "09:00", closes = "10:00", slotMinutes = 30, capacityPerSlot = 1,
        }, Ct);

        await AssertNamesAsync(response, "date", "2000 年至 2099 年");
    }

    [Fact]
    public async Task Bug_an_integer_for_an_enum_was_accepted()
    {
        var response = await _host.CreateClient().PostAsync($"/api/ratings/{new string('a', 32)}", new StringContent("""{"level":1}""", Encoding.UTF8, "application/json"), Ct);

        await AssertNamesAsync(response, "level", "不正确");
    }

    [Fact]
    public async Task A_missing_field_that_has_no_default_is_required_not_zero()
    {
        var response = await _host.CreateClient().PostAsync("/api/appointments", new StringContent(
            $$"""{"itemId":{{_session.ItemId}},"name":"王五","phone":"13900009104","idNumber":"{{TestPeople.IdNumber(9104)}}","email":"w5@test.gov.cn"}""", Encoding.UTF8, "application/json"), Ct);

        await AssertNamesAsync(response, "slotId", "必填");
    }

    [Theory]
    [InlineData("", "application/json", 400, "缺少请求体")]
    [InlineData("not json", "application/json", 400, "JSON")]
    [InlineData("{\"name\":\"x\"}", "text/plain", 415, "JSON")]
    public async Task Bug_an_empty_or_foreign_body_answered_in_english_with_no_field(string body, string contentType, int status, string says)
    {
        var response = await _host.CreateClient().PostAsync("/api/appointments", new StringContent(body, Encoding.UTF8, contentType), Ct);

        Assert.Equal(status, (int)response.StatusCode);
        await AssertNamesAsync(response, "body", says, status);
    }

    [Fact]
    public async Task Bug_a_b_at_x_cn_was_accepted_as_an_email_and_failed_later_in_hangfire()
    {
        Assert.False(PersonalData.IsEmail("a b@x.cn"));
        Assert.False(PersonalData.IsEmail("张三 <a@x.cn>"));
        Assert.False(PersonalData.IsEmail("a@"));
        Assert.False(PersonalData.IsEmail("a@x.cn, b@x.cn"));
        Assert.True(PersonalData.IsEmail("zhang.san@test.gov.cn"));

        var booking = await _host.CreateClient().PostAsJsonAsync("/api/appointments", Booking(9105) with { Email = "a b@x.cn" }, Ct);
        var register = await _host.CreateClient().PostAsJsonAsync("/auth/register", new { email = "a b@x.cn", password = "Test@2026!" }, Ct);

        await AssertNamesAsync(booking, "email", "邮箱");
        await AssertNamesAsync(register, "email", "邮箱");
    }

    [Theory]
    [InlineData("41272219401345123", "a month 13")]
    [InlineData("41272220990101123", "born in 2099")]
    [InlineData("41272218990101123", "born before 1900")]
    [InlineData("99272219400305123", "no such province")]
    [InlineData("41000019400305123", "no city or county")]
    public void Bug_an_id_number_with_a_valid_checksum_but_no_such_person_was_accepted(string body, string why)
    {
        var id = body + PersonalData.IdCheckDigit(body);

        Assert.False(PersonalData.IsIdNumber(id, new DateOnly(2026, 12, 1)), why);
        Assert.True(PersonalData.IsIdNumber("412722194003051237", new DateOnly(2026, 12, 1)));
    }

    [Fact]
    public async Task Bug_a_10_kB_holiday_name_was_accepted()
    {
        var admin = await _host.SignInAsync(Roles.Admin, "");
        var response = await admin.PutAsJsonAsync("/api/calendar/years/2027", new
        {
            source = "国办发明电〔2026〕1号",
            off = new[] { new[] { "2027-01-01", "2027-01-01", new string('元', 10_000) } },
            makeUpWorkdays = Array.Empty<string>(),
        }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(problem.TryGetProperty("off[0][2]", out _), problem.ToString());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BookAppointment Booking(int person) => new(
        _session.ItemId, _session.Slots[0].Id, $"市民{person}", TestPeople.Phone(person), TestPeople.IdNumber(person), $"citizen{person}-{Guid.NewGuid():N}@test.gov.cn");

    /// <summary>A problem in Chinese whose errors name <paramref name="field"/> with a message containing <paramref name="says"/>.</summary>
    private static async Task AssertNamesAsync(HttpResponseMessage response, string field, string says, int status = 400)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("请求数据有误", problem.GetProperty("title").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), text);
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(says, StringComparison.Ordinal));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
