using Governance.Workflows.Privacy;

namespace Governance.Workflows.Tests.Infrastructure;

/// <summary>Made-up residents with valid ID numbers (GB 11643 checksum) and phone numbers.</summary>
public static class TestPeople
{
    /// <summary>A valid 18-character ID number, different for every <paramref name="n"/> below 10^7.</summary>
    public static string IdNumber(int n)
    {
        var body = $"4116{n:0000000}198001"[..17];
        return body + PersonalData.IdCheckDigit(body);
    }

    public static string Phone(int n) => $"139{n:00000000}";
}
