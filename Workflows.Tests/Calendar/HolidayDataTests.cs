using Governance.Engine.Calendar;

namespace Governance.Workflows.Tests.Calendar;

public sealed class HolidayDataTests
{
    [Fact]
    public void The_embedded_data_has_2025_and_2026()
    {
        var data = HolidayData.LoadEmbedded();

        Assert.Equal([2025, 2026], data.Years.Select(y => y.Year));
        Assert.Contains("国办发明电", data.Source, StringComparison.Ordinal);

        var y2026 = data.Years[1];
        Assert.Equal(7, y2026.DaysOff.Count);
        Assert.Contains(new HolidayPeriod(new DateOnly(2026, 2, 15), new DateOnly(2026, 2, 23), "春节"), y2026.DaysOff);
        Assert.Equal(
            [new(2026, 1, 4), new(2026, 2, 14), new(2026, 2, 28), new(2026, 5, 9), new(2026, 9, 20), new DateOnly(2026, 10, 10)],
            y2026.MakeUpWorkdays);
    }

    [Fact]
    public void Years_compare_by_content()
    {
        HolidayYear Make() => new(2026, [new(new(2026, 1, 1), new(2026, 1, 3), "元旦")], [new(2026, 1, 4)]);

        Assert.Equal(Make(), Make());
        Assert.Equal(Make().GetHashCode(), Make().GetHashCode());
    }

    [Fact]
    public void WithYear_adds_or_replaces_a_year()
    {
        var data = HolidayData.LoadEmbedded().WithYear(new HolidayYear(2027, [new(new(2027, 1, 1), new(2027, 1, 1), "元旦")], []));
        var calendar = new WorkingCalendar(data);

        Assert.Equal([2025, 2026, 2027], calendar.Years);
        Assert.False(calendar.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2027, 1, 4)));
        Assert.Equal(3, data.WithYear(new HolidayYear(2027, [], [])).Years.Count);
    }

    [Fact]
    public void Entries_reaching_into_the_neighbouring_year_apply_there()
    {
        // As in the 2019 notice: 2018-12-30..2019-01-01 off, Saturday 2018-12-29 worked.
        var calendar = new WorkingCalendar(
        [
            new HolidayYear(2018, [], []),
            new HolidayYear(2019, [new(new(2018, 12, 30), new(2019, 1, 1), "元旦")], [new(2018, 12, 29)]),
        ]);

        Assert.True(calendar.IsWorkingDay(new DateOnly(2018, 12, 29)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2018, 12, 31)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2019, 1, 1)));
    }

    [Fact]
    public void Years_that_disagree_about_a_date_are_refused() =>
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(
        [
            new HolidayYear(2018, [new(new(2018, 12, 29), new(2018, 12, 31), "x")], []),
            new HolidayYear(2019, [], [new(2018, 12, 29)]),
        ]));

    [Fact]
    public void A_calendar_needs_data() =>
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(Array.Empty<HolidayYear>()));

    [Theory]
    [InlineData("{", "malformed holiday data")]
    [InlineData("""{ "source": "x" }""", "years")]
    [InlineData("""{ "years": {} }""", "no year is given")]
    [InlineData("""{ "years": { "20x6": { "off": [], "makeUpWorkdays": [] } } }""", "'20x6' is not a year")]
    [InlineData("""{ "years": { "2026": { "off": [["2026-01-01", "2026-01-03"]], "makeUpWorkdays": [] } } }""", "years.2026.off[0]: expected [first, last, name], got 2 item(s)")]
    [InlineData("""{ "years": { "2026": { "off": [["2026-02-30", "2026-03-01", "x"]], "makeUpWorkdays": [] } } }""", "years.2026.off[0][0]: '2026-02-30' is not a date")]
    [InlineData("""{ "years": { "2026": { "off": [["2026/01/01", "2026-01-03", "元旦"]], "makeUpWorkdays": [] } } }""", "years.2026.off[0][0]")]
    [InlineData("""{ "years": { "2026": { "off": [["2026-02-23", "2026-02-15", "春节"]], "makeUpWorkdays": [] } } }""", "春节 2026-02-23..2026-02-15: the first day is after the last day")]
    [InlineData("""{ "years": { "2026": { "off": [], "makeUpWorkdays": ["2026-01-05"] } } }""", "2026-01-05 is a Monday, not a weekend day")]
    [InlineData("""{ "years": { "2026": { "off": [["2026-02-14", "2026-02-23", "春节"]], "makeUpWorkdays": ["2026-02-14"] } } }""", "2026-02-14 is both a make-up working day and inside 春节")]
    [InlineData("""{ "years": { "2026": { "off": [["2028-01-01", "2028-01-01", "元旦"]], "makeUpWorkdays": [] } } }""", "is not in or next to 2026")]
    [InlineData("""{ "years": { "2026": { "off": [["2026-02-15", "2026-03-23", "春节"]], "makeUpWorkdays": [] } } }""", "longer than 31 days")]
    [InlineData("""{ "years": { "2026": { "off": [["2026-01-01", "2026-01-03", ""]], "makeUpWorkdays": [] } } }""", "has no name")]
    [InlineData("""{ "years": { "2026": { "off": [], "makeupWorkdays": [] } } }""", "makeupWorkdays")]
    [InlineData("""{ "years": { "2026": { "off": [] } } }""", "makeUpWorkdays")]
    [InlineData("""{ "years": { "2026": { "off": [[1, 2, 3]], "makeUpWorkdays": [] } } }""", "off[0][0]")]
    [InlineData("""{ "years": { "2026": { "off": null, "makeUpWorkdays": [] } } }""", "off")]
    [InlineData("""{ "years": { "2026": { "off": [], "makeUpWorkdays": [] }, "2026": { "off": [], "makeUpWorkdays": [] } } }""", "Duplicate properties not allowed during deserialization. Path: $.years.2026")]
    [InlineData("""{ "years": { "2026": { "off": [null], "makeUpWorkdays": [] } } }""", "years.2026.off[0]: expected [first, last, name], got null")]
    [InlineData("""{ "years": { "2026": { "off": [], "makeUpWorkdays": [null] } } }""", "years.2026.makeUpWorkdays[0]: null is not a date")]
    [InlineData("""{ "years": { "2026": { "off": [["2026-01-01", "2026-01-03", null]], "makeUpWorkdays": [] } } }""", "has no name")]
    [InlineData("""{ "years": { "2026": { "off": [["2026-05-01", "2026-05-05", "劳动节"], ["2026-05-05", "2026-05-06", "x"]], "makeUpWorkdays": [] } } }""", "劳动节 2026-05-01..2026-05-05 and x 2026-05-05..2026-05-06 overlap")]
    [InlineData("""{ "years": { "2026": { "off": [], "makeUpWorkdays": ["2026-02-14", "2026-02-14"] } } }""", "2026-02-14 is listed twice")]
    public void Parse_names_what_is_wrong(string json, string expectedInMessage)
    {
        var ex = Assert.Throws<FormatException>(() => HolidayData.Parse(json));

        Assert.StartsWith("节假日数据有误 (malformed holiday data): ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expectedInMessage, ex.Message, StringComparison.Ordinal);
    }
}
