namespace Governance.Workflows.Tests.Infrastructure;

/// <summary>Made-up residents with valid ID numbers (GB 11643 checksum) and phone numbers.</summary>
public static class TestPeople
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>A valid 18-character ID number, different for every <paramref name="n"/> below 10^7.</summary>
    public static string IdNumber(int n)
    {
        var body = $"4116{n:0000000}198001"[..17];
        var sum = body.Select((c, i) => (c - '0') * Weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    public static string Phone(int n) => $"139{n:00000000}";
}
