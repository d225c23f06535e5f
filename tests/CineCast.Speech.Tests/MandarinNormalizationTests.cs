using CineCast.Speech.Text;

namespace CineCast.Speech.Tests;

public sealed class MandarinNormalizationTests
{
    [Theory]
    [InlineData("我有123本书", "我有一百二十三本书")]
    [InlineData("他10岁", "他十岁")]
    [InlineData("共10000人", "共一万人")]
    [InlineData("共12,345人", "共一万两千三百四十五人")]
    [InlineData("共2000人", "共两千人")]
    [InlineData("共20000人", "共两万人")]
    [InlineData("共1010人", "共一千零一十人")]
    [InlineData("共100010人", "共十万零一十人")]
    [InlineData("共100000001人", "共一亿零一人")]
    [InlineData("第2名", "第两名")]
    [InlineData("买2个苹果", "买两个苹果")]
    [InlineData("长3.5米", "长三点五米")]
    [InlineData("气温-5度", "气温负五度")]
    [InlineData("１２３个", "一百二十三个")]
    public void Numbers_become_chinese_numerals_with_idiomatic_liang(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input, SpeechLanguage.Mandarin));

    [Theory]
    [InlineData("2024年3月5日", "二零二四年三月五日")]
    [InlineData("2月14日", "二月十四日")]
    [InlineData("日期2024-03-05", "日期二零二四年三月五日")]
    [InlineData("10:30开会", "十点三十分开会")]
    [InlineData("10:05开会", "十点零五分开会")]
    [InlineData("14:00开会", "十四点开会")]
    [InlineData("2:30开会", "两点三十分开会")]
    [InlineData("涨了50%", "涨了百分之五十")]
    [InlineData("涨了3.5％", "涨了百分之三点五")]
    [InlineData("售价¥100", "售价一百元")]
    [InlineData("售价￥100", "售价一百元")]
    [InlineData("售价100元", "售价一百元")]
    [InlineData("售价$5", "售价五美元")]
    [InlineData("打13812345678", "打一三八一二三四五六七八")]
    [InlineData("打010-12345678", "打零一零 一二三四五六七八")]
    [InlineData("10-20人", "十到二十人")]
    [InlineData("跑了5km", "跑了五公里")]
    [InlineData("气温25°C", "气温二十五摄氏度")]
    public void Dates_times_percent_money_and_phone_numbers_are_read_in_chinese(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input, SpeechLanguage.Mandarin));

    [Theory]
    [InlineData("我喜欢用iPhone拍照。", "我喜欢用iPhone拍照。")]
    [InlineData("你好，世界！", "你好,世界!")]
    [InlineData("请访问www.example.com", "请访问www 点 example 点 com")]
    [InlineData("猫&狗", "猫和狗")]
    [InlineData("开心😀<b>极了</b>", "开心 极了")]
    public void Latin_words_stay_and_symbols_markup_and_emoji_are_handled(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input, SpeechLanguage.Mandarin));
}
