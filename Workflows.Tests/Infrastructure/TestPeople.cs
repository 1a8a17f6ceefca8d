using Governance.Workflows.Privacy;

namespace Governance.Workflows.Tests.Infrastructure;

/// <summary>Made-up residents with valid ID numbers (GB 11643 checksum) and phone numbers.</summary>
public static class TestPeople
{
    /// <summary>
    /// A valid 18-character ID number, different for every <paramref name="n"/> below 10^7: 周口
    /// (411602), a real birth date from 1950 on (one day per thousand), a sequence number, the check character.
    /// </summary>
    public static string IdNumber(int n)
    {
        var body = $"411602{new DateOnly(1950, 1, 1).AddDays(n / 1000):yyyyMMdd}{n % 1000:000}";
        return body + PersonalData.IdCheckDigit(body);
    }

    public static string Phone(int n) => $"139{n:00000000}";
}
