namespace CineCast.Neural.PocketTts;

/// <summary>
/// The backbone state after the voice prompt (§3.2). Expensive to make, cheap to reuse: callers cache one per voice
/// and may share it between concurrent requests; disposing it lets the streams using it finish first.
/// </summary>
public sealed class PocketVoice : IDisposable
{
    private readonly UseCount _users;

    internal PocketVoice(PocketModel owner, PocketState state, int positions)
    {
        _users = new UseCount(this, state.Dispose);
        Owner = owner;
        State = state;
        Positions = positions;
    }

    /// <summary>Backbone positions the voice prompt occupies (encoder frames, plus one for the BOS row).</summary>
    public int Positions { get; }

    internal PocketModel Owner { get; }

    internal PocketState State { get; }

    /// <summary>Refuses new streams; the state is released when the last stream using it ends.</summary>
    public void Dispose() => _users.Close();

    internal UseCount.Lease Enter() => _users.Enter();
}
