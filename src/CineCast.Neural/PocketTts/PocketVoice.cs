namespace CineCast.Neural.PocketTts;

/// <summary>
/// The backbone state after the voice prompt (§3.2). Expensive to make, cheap to reuse: callers cache one per voice
/// and may share it between concurrent requests. Dispose it only when no request uses it any more.
/// </summary>
public sealed class PocketVoice : IDisposable
{
    internal PocketVoice(PocketModel owner, PocketState state, int positions)
    {
        Owner = owner;
        State = state;
        Positions = positions;
    }

    /// <summary>Backbone positions the voice prompt occupies (encoder frames, plus one for the BOS row).</summary>
    public int Positions { get; }

    internal PocketModel Owner { get; }

    internal PocketState State { get; }

    public void Dispose() => State.Dispose();
}
