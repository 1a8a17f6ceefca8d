namespace Governance.Workflows.SafetyCampaign.Ranking;

/// <summary>
/// One line of a ranking table, a township's or a place's, as the dashboard and the circular
/// show it: the rank, the frozen figures and the three shares (rounded to 4 places for showing;
/// ranks were decided on the exact fractions). For a place, <see cref="ThreeZeroPlaces"/> is 1
/// when it met all three zeros.
/// </summary>
public sealed record RankingLine(
    int Id,
    string Code,
    string Name,
    int Rank,
    int Places,
    int ThreeZeroPlaces,
    double ThreeZeroRate,
    int Disputes,
    int KeptAtVillage,
    double KeptRate,
    int ResolvedAtVillage,
    int LimitsMet,
    double LimitsRate,
    int SkipLevel,
    int Accidents,
    int Cases)
{
    internal static RankingLine Of(RankedTownship t) => Of(t.TownshipId, t.Code, t.Name, t.Rank, t.Figures);

    internal static RankingLine Of(RankedPlace p) => Of(p.PlaceId, p.Code, p.Name, p.Rank, p.Figures);

    private static RankingLine Of(int id, string code, string name, int rank, RankingFigures f) => new(
        id, code, name, rank, f.Places, f.ThreeZeroPlaces, f.ThreeZeroRate.Value, f.Disputes, f.KeptAtVillage, f.KeptRate.Value,
        f.ResolvedAtVillage, f.LimitsMet, f.LimitsRate.Value, f.SkipLevel, f.Accidents, f.Cases);
}
