namespace ProjectTracker.Directory;

/// <summary>
/// Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-letter
/// alphabet (no I, O, S, V, Z); the last is a check character, weighted mod 31 over the first 17.
/// </summary>
public static class CreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static string Normalise(string code) => code.Trim().ToUpperInvariant();

    /// <summary>Null when valid, else why not.</summary>
    public static string? Problem(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return "creditCode is required.";
        code = Normalise(code);
        if (code.Length != 18) return "creditCode must be 18 characters.";
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var v = Alphabet.IndexOf(code[i]);
            if (v < 0) return $"creditCode has an invalid character '{code[i]}' at position {i + 1}.";
            sum += v * Weights[i];
        }
        if (Alphabet.IndexOf(code[17]) < 0) return $"creditCode has an invalid character '{code[17]}' at position 18.";
        return code[17] == CheckCharacter(sum) ? null : "creditCode has a wrong check character.";
    }

    /// <summary>Completes the first 17 characters with their check character (demo data, tests).</summary>
    public static string WithCheckCharacter(string first17)
    {
        if (first17.Length != 17) throw new ArgumentException("Give exactly the first 17 characters.", nameof(first17));
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var v = Alphabet.IndexOf(first17[i]);
            if (v < 0) throw new ArgumentException($"'{first17[i]}' is not in the credit-code alphabet.", nameof(first17));
            sum += v * Weights[i];
        }
        return first17 + CheckCharacter(sum);
    }

    private static char CheckCharacter(int weightedSum) => Alphabet[(31 - weightedSum % 31) % 31];
}
