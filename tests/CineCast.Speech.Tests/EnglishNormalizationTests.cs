using CineCast.Speech.Text;

namespace CineCast.Speech.Tests;

public sealed class EnglishNormalizationTests
{
    [Theory]
    [InlineData("I counted 1,234,567 stars.", "I counted one million two hundred thirty-four thousand five hundred sixty-seven stars.")]
    [InlineData("It costs 42 points", "It costs forty-two points")]
    [InlineData("We had 1000000 views", "We had one million views")]
    [InlineData("It was -5 outside", "It was minus five outside")]
    [InlineData("Pi is 3.14", "Pi is three point one four")]
    [InlineData("Only .5 left", "Only point five left")]
    [InlineData("Version 2.5.1 is out", "Version two point five point one is out")]
    [InlineData("Agent 007 reports", "Agent zero zero seven reports")]
    [InlineData("Code 1234567890123456789", "Code one two three four five six seven eight nine zero one two three four five six seven eight nine")]
    public void Cardinals_decimals_and_long_digit_runs_become_words(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input, SpeechLanguage.English));

    [Theory]
    [InlineData("it’s fine", "it's fine")]
    [InlineData("We don’t know O’Brien’s dog’s name", "We don't know O'Brien's dog's name")]
    [InlineData("‘quoted’ words", "'quoted' words")]
    public void Typographic_apostrophes_become_plain_ones(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input, SpeechLanguage.English));

    [Theory]
    [InlineData("the 1st place", "the first place")]
    [InlineData("her 22nd birthday", "her twenty-second birthday")]
    [InlineData("the 103rd floor", "the one hundred third floor")]
    [InlineData("the 12th man", "the twelfth man")]
    [InlineData("the 90th day", "the ninetieth day")]
    public void Ordinals_are_read_as_ordinal_words(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input, SpeechLanguage.English));

    [Theory]
    [InlineData("Born in 1999.", "Born in nineteen ninety-nine.")]
    [InlineData("Since 2005 we grew", "Since two thousand five we grew")]
    [InlineData("By 2024 it ended", "By twenty twenty-four it ended")]
    [InlineData("It ran from 1990 to 2010", "It ran from nineteen ninety to twenty ten")]
    [InlineData("The 1990s were loud", "The nineteen nineties were loud")]
    [InlineData("In 1905 nothing happened", "In nineteen oh five nothing happened")]
    [InlineData("It was 1500 BC", "It was fifteen hundred BC")]
    [InlineData("The war (1939-1945) ended", "The war (nineteen thirty-nine to nineteen forty-five) ended")]
    [InlineData("We sold 1999 copies", "We sold one thousand nine hundred ninety-nine copies")]
    [InlineData("He ran 2024 m", "He ran two thousand twenty-four meters")]
    public void Four_digit_numbers_are_years_only_when_the_context_says_so(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input, SpeechLanguage.English));

    [Theory]
    [InlineData("It costs $5", "It costs five dollars")]
    [InlineData("It costs $1", "It costs one dollar")]
    [InlineData("Pay $5.20 now", "Pay five dollars and twenty cents now")]
    [InlineData("Only $0.50", "Only fifty cents")]
    [InlineData("A $1.5 million deal", "A one point five million dollars deal")]
    [InlineData("Tickets are €10", "Tickets are ten euros")]
    [InlineData("Tea is £3.50", "Tea is three pounds and fifty pence")]
    [InlineData("Sushi is ¥100", "Sushi is one hundred yen")]
    [InlineData("Send USD 20", "Send twenty dollars")]
    [InlineData("Send 20 EUR", "Send twenty euros")]
    [InlineData("It is $1,250", "It is one thousand two hundred fifty dollars")]
    [InlineData("Revenue hit $1.2B", "Revenue hit one point two billion dollars")]
    public void Money_is_read_with_its_currency_name(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input, SpeechLanguage.English));

    [Theory]
    [InlineData("Up 45%", "Up forty-five percent")]
    [InlineData("Ages 10-20", "Ages ten to twenty")]
    [InlineData("A 16:9 screen", "A sixteen to nine screen")]
    [InlineData("Meet at 10:30", "Meet at ten thirty")]
    [InlineData("Meet at 9:05 pm", "Meet at nine oh five P M")]
    [InlineData("Meet at 14:00", "Meet at fourteen hundred")]
    [InlineData("Meet at 10:00", "Meet at ten o'clock")]
    [InlineData("Wake at 7am", "Wake at seven A M")]
    [InlineData("Due 2024-03-05", "Due March fifth, twenty twenty-four")]
    [InlineData("Due March 5, 2024", "Due March fifth, twenty twenty-four")]
    [InlineData("Due 5 March 2024", "Due the fifth of March, twenty twenty-four")]
    [InlineData("Due 03/05/2024", "Due March fifth, twenty twenty-four")]
    [InlineData("Due 25/12/2024", "Due December twenty-fifth, twenty twenty-four")]
    [InlineData("Call 555-123-4567", "Call five five five, one two three, four five six seven")]
    [InlineData("Call +1 555 123 4567", "Call plus one, five five five, one two three, four five six seven")]
    [InlineData("Call (555) 123-4567", "Call five five five, one two three, four five six seven")]
    public void Percentages_ranges_times_dates_and_phone_numbers_are_spoken(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input, SpeechLanguage.English));

    [Theory]
    [InlineData("Mr. Smith met Dr. Jones", "Mister Smith met Doctor Jones")]
    [InlineData("Mrs. Brown and Ms. Green", "Missus Brown and Miz Green")]
    [InlineData("Prof. Lee lives on Main St.", "Professor Lee lives on Main Street.")]
    [InlineData("St. Louis is big", "Saint Louis is big")]
    [InlineData("He lives at 4 Elm Dr. now", "He lives at four Elm Drive now")]
    [InlineData("Martin Luther King Jr. spoke", "Martin Luther King Junior spoke")]
    [InlineData("Cats vs. dogs", "Cats versus dogs")]
    [InlineData("Fruit, e.g. apples, etc. are fine", "Fruit, for example apples, et cetera are fine")]
    [InlineData("That is, i.e. the end", "That is, that is the end")]
    [InlineData("It weighs approx. 5 kg", "It weighs approximately five kilograms")]
    [InlineData("See No. 5", "See number five")]
    [InlineData("No. I refuse.", "No. I refuse.")]
    public void Abbreviations_and_titles_are_expanded(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input, SpeechLanguage.English));

    [Theory]
    [InlineData("Drive 5 km", "Drive five kilometers")]
    [InlineData("Drive 1 km", "Drive one kilometer")]
    [InlineData("Go 60 mph", "Go sixty miles per hour")]
    [InlineData("Go 100 km/h", "Go one hundred kilometers per hour")]
    [InlineData("It is 25°C", "It is twenty-five degrees Celsius")]
    [InlineData("It is 77 °F", "It is seventy-seven degrees Fahrenheit")]
    [InlineData("Add 250 g and 2 cm", "Add two hundred fifty grams and two centimeters")]
    [InlineData("Rest 5 min", "Rest five min")]
    public void Units_after_numbers_are_spelled_out(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input, SpeechLanguage.English));

    [Theory]
    [InlineData("Tom & Jerry", "Tom and Jerry")]
    [InlineData("1+1=2", "one plus one equals two")]
    [InlineData("We're #1", "We're number one")]
    [InlineData("Mail bob@example.com today", "Mail bob at example dot com today")]
    [InlineData("Visit https://www.example.com/docs.", "Visit www dot example dot com slash docs.")]
    [InlineData("Try node.js", "Try node dot js")]
    [InlineData("Made in the U.S.A.", "Made in the U S A.")]
    [InlineData("Great job 🎉🎉 team 👍🏽", "Great job team")]
    [InlineData("<b>Bold</b> and <i>italic</i>", "Bold and italic")]
    [InlineData("zero\u200Bwidth\u200D and \u202Ertl\u200F marks", "zerowidth and rtl marks")]
    [InlineData("tab\tnew\nline\0null", "tab new line null")]
    [InlineData("Ｆｕｌｌ ｗｉｄｔｈ １２３", "Full width one hundred twenty-three")]
    [InlineData("Wait — what?!", "Wait, what?")]
    [InlineData("COVID-19 spread", "COVID nineteen spread")]
    public void Symbols_links_emoji_markup_and_invisible_characters_are_handled(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input, SpeechLanguage.English));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!...")]
    [InlineData("🎉🎉🎉")]
    [InlineData("<<<>>>")]
    [InlineData("\u200B\u200F\0")]
    public void Text_with_nothing_speakable_normalises_to_empty(string input) =>
        Assert.Equal(string.Empty, TextNormalizer.Normalize(input, SpeechLanguage.English));
}
