namespace Governance.Workflows.SafetyCampaign.Ranking;

/// <summary>
/// The order of the monthly ranking (月排名). Townships within their city, and places within their
/// township, are ordered by these keys, each deciding only where all before it are equal:
/// <list type="number">
/// <item>三零达标率, higher first: the share of places with no 越级, no accident and no case (a place: meets all three zeros or not);</item>
/// <item>矛盾不上交率, higher first: the share of the month's disputes that never went above the village (none: 100 %);</item>
/// <item>时限达标率, higher first: the share of the month's disputes that met every level's time limit (none: 100 %);</item>
/// <item>越级 count, fewer first;</item>
/// <item>accidents (事故), fewer first;</item>
/// <item>cases (案件), fewer first.</item>
/// </list>
/// Shares are compared as exact fractions. Equal on all six is a tie: the same rank, the next
/// rank skipping as many places (1, 2, 2, 4), listed by code. Shares rather than counts of 三零
/// places, so that a township of 40 villages and one of 20 are measured alike.
/// </summary>
public static class RankingOrder
{
    /// <summary>Better first; 0 only for a tie on every key.</summary>
    public static int Compare(RankingFigures a, RankingFigures b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int[] keys =
        [
            b.ThreeZeroRate.CompareTo(a.ThreeZeroRate),
            b.KeptRate.CompareTo(a.KeptRate),
            b.LimitsRate.CompareTo(a.LimitsRate),
            a.SkipLevel.CompareTo(b.SkipLevel),
            a.Accidents.CompareTo(b.Accidents),
            a.Cases.CompareTo(b.Cases),
        ];
        return keys.FirstOrDefault(k => k != 0);
    }

    /// <summary>The items in ranking order, ties by code, each with its competition rank (1, 2, 2, 4).</summary>
    public static IReadOnlyList<(T Item, int Rank)> Rank<T>(IEnumerable<T> items, Func<T, RankingFigures> figures, Func<T, string> code)
    {
        var ordered = items.OrderBy(figures, Comparer<RankingFigures>.Create(Compare)).ThenBy(code, StringComparer.Ordinal).ToList();
        var ranked = new List<(T, int)>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var tied = i > 0 && Compare(figures(ordered[i - 1]), figures(ordered[i])) == 0;
            ranked.Add((ordered[i], tied ? ranked[i - 1].Item2 : i + 1));
        }

        return ranked;
    }
}
