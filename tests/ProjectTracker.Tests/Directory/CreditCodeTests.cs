using ProjectTracker.Directory;

namespace ProjectTracker.Tests.Directory;

public class CreditCodeTests
{
    public static readonly TheoryData<string> RealCodes = new()
    {
        "91330100799655058B", "9144030071526726XG", "914403001922038216", "91110000802100433B",
    };

    [Theory, MemberData(nameof(RealCodes))]
    public void real_codes_are_valid_and_their_check_character_is_recomputed(string code)
    {
        Assert.Null(CreditCode.Problem(code));
        Assert.Null(CreditCode.Problem($"  {code.ToLowerInvariant()} "));
        Assert.Equal(code, CreditCode.WithCheckCharacter(code[..17]));
    }

    [Theory, MemberData(nameof(RealCodes))]
    public void changing_any_single_character_of_a_real_code_is_caught(string code)
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        for (var i = 0; i < 18; i++)
            foreach (var c in alphabet.Where(c => c != code[i]))
            {
                var corrupted = code[..i] + c + code[(i + 1)..];
                Assert.True(CreditCode.Problem(corrupted) is not null, corrupted);
            }
    }

    [Theory]
    [InlineData("91330100799655058A", "check character")]
    [InlineData("9133010079965505", "18 characters")]
    [InlineData("91330100799655O58B", "position 15")]
    [InlineData("91110000802100433I", "position 18")]
    [InlineData("", "required")]
    [InlineData(null, "required")]
    public void a_corrupted_code_says_what_is_wrong(string? code, string why) =>
        Assert.Contains(why, CreditCode.Problem(code));
}
