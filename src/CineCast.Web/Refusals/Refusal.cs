using System.Globalization;
using System.Text;

namespace CineCast.Web.Refusals;

/// <summary>
/// One way a request can be refused, declared once in <see cref="Refuse"/>: its reason code, the sentence a person
/// reads (a composite format, filled in by <see cref="With"/>), the HTTP status every HTTP surface answers with,
/// and what OpenAI's error shape calls it. The hub carries the same sentence and code.
/// </summary>
public sealed class Refusal
{
    private readonly CompositeFormat sentence;

    public Refusal(string reason, int status, string sentence, string? openAiParam = null, string? openAiCode = null)
    {
        Reason = reason;
        Status = status;
        Sentence = sentence;
        this.sentence = CompositeFormat.Parse(sentence);
        OpenAiParam = openAiParam;
        OpenAiCode = openAiCode ?? reason.Replace('.', '_').Replace('-', '_');
    }

    /// <summary>A stable machine-readable code, e.g. <c>audio.too-short</c>.</summary>
    public string Reason { get; }

    public int Status { get; }

    /// <summary>The sentence's template; holes are filled with the facts of one request.</summary>
    public string Sentence { get; }

    /// <summary>How many facts the sentence takes.</summary>
    public int Holes => sentence.MinimumArgumentCount;

    /// <summary>The request field OpenAI's error names as <c>param</c>, when there is one.</summary>
    public string? OpenAiParam { get; }

    public string OpenAiCode { get; }

    /// <summary>The refusal of one request, its sentence filled in; throw it, and the surface it reaches answers.</summary>
    public RefusedException With(params object?[] facts) => new(this, Fill(facts));

    /// <summary>Like <see cref="With"/>, telling the client when trying again may work.</summary>
    public RefusedException RetryAfter(int seconds, params object?[] facts) => new(this, Fill(facts)) { RetryAfterSeconds = seconds };

    private string Fill(object?[] facts) =>
        facts.Length == Holes
            ? string.Format(CultureInfo.InvariantCulture, sentence, facts)
            : throw new ArgumentException($"The refusal '{Reason}' takes {Holes} facts, not {facts.Length}.", nameof(facts));

    public override string ToString() => Reason;
}

/// <summary>A request refused with a declared <see cref="Refusal"/>; the message is the filled-in sentence.</summary>
public sealed class RefusedException(Refusal refusal, string message) : Exception(message)
{
    public Refusal Refusal { get; } = refusal;

    public string Reason => Refusal.Reason;

    public int Status => Refusal.Status;

    public int? RetryAfterSeconds { get; init; }
}
