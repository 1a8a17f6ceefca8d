using Governance.Workflows;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Host.Demo;

/// <summary>
/// 项城市 for the 三零 campaign, after the seed article (000_57991512feb07ce3.txt): 15 towns, 410
/// villages and communities, 114 of them with a resident first secretary (第一书记), every one with
/// its linkage roster (一村一警一员一连+N), a few units (企事业单位), and the city departments with
/// their authority (事权). Generated, not random: the same every start. Inserted once, in one
/// transaction; a database that has the city already is left alone.
/// </summary>
public static class XiangchengDemo
{
    public const string CityCode = "xiangcheng";
    public const int VillageCount = 410;
    public const int FirstSecretaryCount = 114;

    /// <summary>
    /// Towns named in the article: 永丰镇, 高寺镇 and 林陵镇 (the article's print of 秣陵镇, the town's
    /// real name, used here), and the places its products and industrial parks are named after
    /// (新桥, 孙店, 贾岭, 王明口, 范集, 郑郭, 南顿, 三店, 官会); 付集, 丁集 and 李寨 complete the 15.
    /// </summary>
    private static readonly (string Code, string Name)[] Towns =
    [
        ("yongfeng", "永丰镇"), ("gaosi", "高寺镇"), ("moling", "秣陵镇"), ("nandun", "南顿镇"), ("sundian", "孙店镇"),
        ("lizhai", "李寨镇"), ("jialing", "贾岭镇"), ("xinqiao", "新桥镇"), ("fuji", "付集镇"), ("guanhui", "官会镇"),
        ("dingji", "丁集镇"), ("zhengguo", "郑郭镇"), ("wangmingkou", "王明口镇"), ("fanji", "范集镇"), ("sandian", "三店镇"),
    ];

    /// <summary>Villages the article names, in their towns.</summary>
    private static readonly Dictionary<string, string[]> NamedVillages = new()
    {
        ["yongfeng"] = ["郭丰楼村", "大新村"],
        ["gaosi"] = ["张老家村", "孙堂村"],
        ["moling"] = ["白沟村"],
    };

    /// <summary>Industrial parks the article names (三店防水、官会皮革、范集印刷产业园).</summary>
    private static readonly Dictionary<string, string> Parks = new()
    {
        ["sandian"] = "三店防水产业园",
        ["guanhui"] = "官会皮革产业园",
        ["fanji"] = "范集印刷产业园",
    };

    private static readonly (string Code, string Name, MatterCategory[] Authority)[] Departments =
    [
        ("gaj", "项城市公安局", [MatterCategory.PublicOrder, MatterCategory.TrafficAccident]),
        ("sfj", "项城市司法局", [MatterCategory.Neighbourhood, MatterCategory.MarriageFamily]),
        ("nyncj", "项城市农业农村局", [MatterCategory.LandContract]),
        ("zrzyj", "项城市自然资源局", [MatterCategory.LandUse]),
        ("rsj", "项城市人力资源和社会保障局", [MatterCategory.Labour, MatterCategory.SocialSecurity]),
        ("sthj", "周口市生态环境局项城分局", [MatterCategory.Environment]),
        ("zjj", "项城市住房和城乡建设局", [MatterCategory.Housing]),
        ("wjw", "项城市卫生健康委员会", [MatterCategory.Medical]),
        ("scjgj", "项城市市场监督管理局", [MatterCategory.Consumer]),
    ];

    private const string Surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭邹金陆郝孔白崔康毛邱秦江史顾侯邵孟段雷钱汤尹常武乔贺龚";
    private static readonly string[] VillageSuffixes = ["庄", "营", "楼", "寨", "庙", "集", "屯", "湾", "岗", "桥", "园", "洼", "店", "坡", "口", "台"];
    private static readonly string[] GivenNames =
    [
        "建国", "建华", "志强", "秀英", "桂兰", "国华", "红梅", "卫东", "海燕", "晓东", "明亮", "丽娟", "俊峰", "玉兰", "德胜", "振华",
        "文军", "春梅", "永刚", "瑞芳", "光明", "新民", "爱民", "立新", "保国", "凤霞", "金山", "庆丰", "学军", "向阳",
    ];

    /// <summary>The city, its towns (with officials, villages, rosters and units) and its departments, not yet saved.</summary>
    public static City Build()
    {
        var city = new City(CityCode, "项城市");
        var villageNumber = 0;
        for (var t = 0; t < Towns.Length; t++)
        {
            var (code, name) = Towns[t];
            var town = new Township(code, name, TownshipKind.Town);
            town.Officials.Add(new TownshipOfficial($"{Person(t, 0)}", "党委副书记、政法委员", OfficialEmail(t + 1)));

            // 410 over 15 towns: 27 each, the first five 28.
            var count = (VillageCount / Towns.Length) + (t < VillageCount % Towns.Length ? 1 : 0);
            foreach (var (villageName, kind) in PlaceNames(code, name, count))
            {
                var village = new Place($"{code}-{town.Places.Count + 1:000}", villageName, kind);
                village.Roster.AddRange(
                [
                    new RosterMember(RosterRole.PoliceOfficer, "社区民警", Person(villageNumber, 1)),
                    new RosterMember(RosterRole.Mediator, "调解员", Person(villageNumber, 2)),
                    new RosterMember(RosterRole.MilitiaCompany, "民兵连长", Person(villageNumber, 3)),
                    new RosterMember(RosterRole.GridWorker, "网格员", Person(villageNumber, 4)),
                    new RosterMember(RosterRole.Lawyer, "法律顾问（律师）", Person(villageNumber, 5)),
                ]);

                // Spread evenly: exactly 114 of the 410.
                if ((villageNumber + 1) * FirstSecretaryCount / VillageCount > villageNumber * FirstSecretaryCount / VillageCount)
                {
                    village.Roster.Add(new RosterMember(RosterRole.FirstSecretary, "驻村第一书记", Person(villageNumber, 6)));
                }

                town.Places.Add(village);
                villageNumber++;
            }

            var shortName = name.TrimEnd('镇');
            string[] units = [$"{shortName}镇中心学校", $"{shortName}镇卫生院", .. Parks.TryGetValue(code, out var park) ? [park] : Array.Empty<string>()];
            foreach (var unitName in units)
            {
                var unit = new Place($"{code}-u{town.Places.Count + 1:000}", unitName, PlaceKind.Unit);
                unit.Roster.Add(new RosterMember(RosterRole.PoliceOfficer, "驻企（校）民警", Person(town.Places.Count, 7)));
                unit.Roster.Add(new RosterMember(RosterRole.Mediator, "调解员（治保主任）", Person(town.Places.Count, 8)));
                town.Places.Add(unit);
            }

            city.Townships.Add(town);
        }

        foreach (var (code, name, authority) in Departments)
        {
            // An office address each (e.g. rsj@demo.gov.cn): a 联合办理 part's warnings and alerts reach the demo's mailbox.
            var department = new Department(code, name, $"{code}@demo.gov.cn");
            department.Authorities.AddRange(authority.Select(c => new DepartmentAuthority(c)));
            city.Departments.Add(department);
        }

        return city;
    }

    /// <summary>The alert address of the n-th town's official (1-based), also their demo sign-in.</summary>
    public static string OfficialEmail(int n) => $"township{n:00}@demo.gov.cn";

    /// <summary>Inserts the city unless it is there; returns it with its towns and departments.</summary>
    public static async Task<City> SeedAsync(IDbContextFactory<WorkflowDbContext> dbFactory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Set<City>().AnyAsync(c => c.Code == CityCode, ct))
        {
            db.Add(Build());
            await db.SaveChangesAsync(ct);
        }

        return await db.Set<City>().AsNoTracking().AsSplitQuery()
            .Include(c => c.Townships.OrderBy(t => t.Id)).ThenInclude(t => t.Places.OrderBy(p => p.Id).Take(1))
            .Include(c => c.Departments.OrderBy(d => d.Id))
            .SingleAsync(c => c.Code == CityCode, ct);
    }

    /// <summary>The 三零 demo accounts: every town's official, the linkage team of the first village, a proxy handler and a department.</summary>
    public static IEnumerable<DemoAccount> Accounts(City city)
    {
        ArgumentNullException.ThrowIfNull(city);
        var first = city.Townships[0];
        var village = first.Places[0];
        var rsj = city.Departments.Single(d => d.Code == "rsj");
        return
        [
            .. city.Townships.Select((t, i) => new DemoAccount(OfficialEmail(i + 1), DemoData.Password, $"{t.Name}综治中心", Roles.TownshipOfficial, Township.OrgUnitOf(t.Id))),
            new("village01@demo.gov.cn", DemoData.Password, $"{first.Name}{village.Name}联动工作队", Roles.VillageTeam, Place.OrgUnitOf(first.Id, village.Id)),
            new("proxy@demo.gov.cn", DemoData.Password, "项城市代办员", Roles.ProxyHandler, ""),
            new("department01@demo.gov.cn", DemoData.Password, rsj.Name, Roles.Department, Department.OrgUnitOf(rsj.Id)),
        ];
    }

    /// <summary>A town's villages: the article's first, then a seat community (社区), then generated 姓+庄/营/楼… names, unique within the town.</summary>
    private static IEnumerable<(string Name, PlaceKind Kind)> PlaceNames(string code, string townName, int count)
    {
        var used = new HashSet<string>();
        var named = NamedVillages.GetValueOrDefault(code) ?? [];
        var community = $"{townName.TrimEnd('镇')}街社区";
        IEnumerable<(string, PlaceKind)> candidates = [.. named.Select(n => (n, PlaceKind.Village)), (community, PlaceKind.Community)];
        var seed = code.Sum(c => c);
        var generated = Enumerable.Range(0, int.MaxValue)
            .Select(i => ($"{Surnames[(seed + (i * 7)) % Surnames.Length]}{VillageSuffixes[(seed + i + (i / Surnames.Length)) % VillageSuffixes.Length]}村", PlaceKind.Village));
        return candidates.Concat(generated).Where(p => used.Add(p.Item1)).Take(count);
    }

    private static string Person(int n, int seat) =>
        $"{Surnames[((n * 13) + (seat * 31)) % Surnames.Length]}{GivenNames[((n * 7) + (seat * 11)) % GivenNames.Length]}";
}
