using Governance.Workflows.SafetyCampaign.Ranking;

namespace Governance.Workflows.Tests.SafetyCampaign;

/// <summary>The ranking's order, key by key, on figures alone: each key decides only where all before it are equal.</summary>
public sealed class RankingOrderTests
{
    private static RankingFigures F(int places = 1, int threeZero = 1, int disputes = 0, int kept = 0, int limitsMet = 0, int skipLevel = 0, int accidents = 0, int cases = 0) =>
        new(places, threeZero, disputes, kept, 0, limitsMet, skipLevel, accidents, cases);

    private static List<(string Code, int Rank)> Ranked(params (string Code, RankingFigures Figures)[] items) =>
        [.. RankingOrder.Rank(items, i => i.Figures, i => i.Code).Select(r => (r.Item.Code, r.Rank))];

    [Fact]
    public void Each_key_decides_in_its_turn_and_a_full_tie_shares_a_rank()
    {
        var ranked = Ranked(
            ("h-cases", F(places: 4, threeZero: 3, disputes: 2, kept: 1, limitsMet: 1, skipLevel: 1, accidents: 1, cases: 2)),
            ("g-accidents", F(places: 4, threeZero: 3, disputes: 2, kept: 1, limitsMet: 1, skipLevel: 1, accidents: 1, cases: 1)),
            ("f-skip", F(places: 4, threeZero: 3, disputes: 2, kept: 1, limitsMet: 1, skipLevel: 1, accidents: 0, cases: 5)),
            ("e-limits", F(places: 4, threeZero: 3, disputes: 2, kept: 1, limitsMet: 1, skipLevel: 0, accidents: 3, cases: 3)),
            ("d-kept", F(places: 4, threeZero: 3, disputes: 2, kept: 1, limitsMet: 2, skipLevel: 3)),
            ("c-share", F(places: 4, threeZero: 3, disputes: 2, kept: 2, limitsMet: 0, skipLevel: 1)),
            ("b-tie", F(places: 2, threeZero: 2, disputes: 3, kept: 3, limitsMet: 3)),
            ("a-tie", F(places: 5, threeZero: 5)));

        Assert.Equal(
            [("a-tie", 1), ("b-tie", 1), ("c-share", 3), ("d-kept", 4), ("e-limits", 5), ("f-skip", 6), ("g-accidents", 7), ("h-cases", 8)],
            ranked);
    }

    [Fact]
    public void The_share_of_three_zero_places_counts_not_their_number()
    {
        Assert.Equal([("small", 1), ("large", 2)], Ranked(("large", F(places: 40, threeZero: 30)), ("small", F(places: 20, threeZero: 16))));
    }

    [Fact]
    public void Shares_are_compared_exactly_and_a_month_without_disputes_counts_as_all_kept()
    {
        // 2/3 and 6667/10000 round alike to 4 places; the fraction decides.
        Assert.Equal([("b", 1), ("a", 2)], Ranked(("a", F(disputes: 3, kept: 2, limitsMet: 3)), ("b", F(disputes: 10000, kept: 6667, limitsMet: 10000))));
        Assert.Equal([("none", 1), ("most", 2)], Ranked(("most", F(disputes: 10, kept: 9, limitsMet: 10)), ("none", F())));
        Assert.Equal(1.0, F().KeptRate.Value);
    }
}
