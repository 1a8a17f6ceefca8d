namespace Governance.Workflows.SafetyCampaign.Organisation;

/// <summary>What a dispute or petition is about; decides who works it at the village and which department holds its authority (事权).</summary>
public enum MatterCategory
{
    /// <summary>邻里纠纷.</summary>
    Neighbourhood,

    /// <summary>婚姻家庭纠纷.</summary>
    MarriageFamily,

    /// <summary>土地承包经营纠纷.</summary>
    LandContract,

    /// <summary>宅基地、征地拆迁.</summary>
    LandUse,

    /// <summary>劳动争议、拖欠工资.</summary>
    Labour,

    /// <summary>社会保障、社会救助.</summary>
    SocialSecurity,

    /// <summary>环境污染.</summary>
    Environment,

    /// <summary>房屋建设、物业.</summary>
    Housing,

    /// <summary>医疗纠纷.</summary>
    Medical,

    /// <summary>消费纠纷.</summary>
    Consumer,

    /// <summary>治安纠纷 (police jurisdiction).</summary>
    PublicOrder,

    /// <summary>道路交通事故纠纷 (police jurisdiction).</summary>
    TrafficAccident,
}

public static class MatterCategories
{
    public static string DisplayName(this MatterCategory category) => category switch
    {
        MatterCategory.Neighbourhood => "邻里纠纷",
        MatterCategory.MarriageFamily => "婚姻家庭纠纷",
        MatterCategory.LandContract => "土地承包经营纠纷",
        MatterCategory.LandUse => "宅基地、征地拆迁",
        MatterCategory.Labour => "劳动争议、拖欠工资",
        MatterCategory.SocialSecurity => "社会保障、社会救助",
        MatterCategory.Environment => "环境污染",
        MatterCategory.Housing => "房屋建设、物业",
        MatterCategory.Medical => "医疗纠纷",
        MatterCategory.Consumer => "消费纠纷",
        MatterCategory.PublicOrder => "治安纠纷",
        MatterCategory.TrafficAccident => "道路交通事故纠纷",
        _ => category.ToString(),
    };

    /// <summary>Matters in police jurisdiction go to the village police officer (一警); the rest to the mediator-led team (一员).</summary>
    public static bool IsPoliceMatter(this MatterCategory category) => category is MatterCategory.PublicOrder or MatterCategory.TrafficAccident;
}
