namespace Governance.Workflows.ServiceHall.Ratings;

/// <summary>The five levels of 好差评, best first.</summary>
public enum RatingLevel
{
    /// <summary>非常满意.</summary>
    VerySatisfied,

    /// <summary>满意.</summary>
    Satisfied,

    /// <summary>基本满意.</summary>
    BasicallySatisfied,

    /// <summary>不满意.</summary>
    Dissatisfied,

    /// <summary>非常不满意.</summary>
    VeryDissatisfied,
}

/// <summary>zh-CN names of the levels, and which of them are a 差评.</summary>
public static class RatingLevels
{
    public static string DisplayName(this RatingLevel level) => level switch
    {
        RatingLevel.VerySatisfied => "非常满意",
        RatingLevel.Satisfied => "满意",
        RatingLevel.BasicallySatisfied => "基本满意",
        RatingLevel.Dissatisfied => "不满意",
        RatingLevel.VeryDissatisfied => "非常不满意",
        _ => level.ToString(),
    };

    /// <summary>A bad rating (差评): 不满意 or 非常不满意. It opens a rectification (整改).</summary>
    public static bool IsBad(this RatingLevel level) => level is RatingLevel.Dissatisfied or RatingLevel.VeryDissatisfied;
}
