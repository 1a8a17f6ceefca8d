namespace Governance.Workflows.SafetyCampaign.Ranking;

/// <summary>
/// The month's input figures of one place (<see cref="Places"/> = 1) or the sum over a township's
/// places, as the monthly ranking (月排名) reads them. Disputes are those registered in the month
/// (China time), as they stood when the figures were taken; accidents and cases those that
/// occurred in the month.
/// </summary>
/// <param name="Places">Villages, communities and units counted.</param>
/// <param name="ThreeZeroPlaces">Of them, those with no 越级, no accident and no case in the month (三零).</param>
/// <param name="Disputes">Disputes and petitions registered in the month.</param>
/// <param name="KeptAtVillage">Of them, those that never went above the village (矛盾不上交): resolved there, or still worked there within its limit. A 越级 one never counts.</param>
/// <param name="ResolvedAtVillage">Of them, those resolved at the village (shown, not ranked on: a matter registered on the 30th is rarely resolved by the 1st).</param>
/// <param name="LimitsMet">Of them, those that never ran out a level's time limit and, if resolved, were resolved in time (时限达标).</param>
/// <param name="SkipLevel">Of them, those that came in 越级 (directly at the township or the city): each breaks 零上访.</param>
/// <param name="Accidents">Safety accidents (事故) that occurred in the month: each breaks 零事故.</param>
/// <param name="Cases">Criminal and major public-security cases (案件) that occurred in the month: each breaks 零案件.</param>
public sealed record RankingFigures(
    int Places,
    int ThreeZeroPlaces,
    int Disputes,
    int KeptAtVillage,
    int ResolvedAtVillage,
    int LimitsMet,
    int SkipLevel,
    int Accidents,
    int Cases)
{
    /// <summary>One place's figures; it is a 三零 place if it had no 越级, no accident and no case.</summary>
    public static RankingFigures OfPlace(int disputes, int keptAtVillage, int resolvedAtVillage, int limitsMet, int skipLevel, int accidents, int cases) =>
        new(1, skipLevel == 0 && accidents == 0 && cases == 0 ? 1 : 0, disputes, keptAtVillage, resolvedAtVillage, limitsMet, skipLevel, accidents, cases);

    public static RankingFigures Sum(IEnumerable<RankingFigures> parts) =>
        parts.Aggregate(new RankingFigures(0, 0, 0, 0, 0, 0, 0, 0, 0), (a, b) => new(
            a.Places + b.Places, a.ThreeZeroPlaces + b.ThreeZeroPlaces, a.Disputes + b.Disputes, a.KeptAtVillage + b.KeptAtVillage,
            a.ResolvedAtVillage + b.ResolvedAtVillage, a.LimitsMet + b.LimitsMet, a.SkipLevel + b.SkipLevel, a.Accidents + b.Accidents, a.Cases + b.Cases));

    /// <summary>三零达标率: 三零 places over places (a place: 1 or 0).</summary>
    public Rate ThreeZeroRate => new(ThreeZeroPlaces, Places);

    /// <summary>矛盾不上交率: kept at the village over registered; 1 without disputes (nothing went up).</summary>
    public Rate KeptRate => new(KeptAtVillage, Disputes);

    /// <summary>时限达标率: limits met over registered; 1 without disputes.</summary>
    public Rate LimitsRate => new(LimitsMet, Disputes);
}

/// <summary>A share as a fraction, compared exactly (no rounding decides a rank); an empty one (0 of 0) counts as 1.</summary>
public readonly record struct Rate(int Numerator, int Denominator) : IComparable<Rate>
{
    public double Value => Denominator == 0 ? 1 : Math.Round((double)Numerator / Denominator, 4);

    public int CompareTo(Rate other) =>
        ((long)(Denominator == 0 ? 1 : Numerator) * (other.Denominator == 0 ? 1 : other.Denominator))
            .CompareTo((long)(other.Denominator == 0 ? 1 : other.Numerator) * (Denominator == 0 ? 1 : Denominator));
}
