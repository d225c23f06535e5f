namespace CineCast.Neural.PocketTts;

/// <summary>
/// Counts who is using a native resource, so that disposing it while a run is inside ONNX Runtime waits for the
/// last user instead of freeing memory under it. After <see cref="Close"/> no new user is let in.
/// </summary>
internal sealed class UseCount(object owner, Action release)
{
    private int _users;
    private int _closing;
    private int _released;

    public bool IsClosed => Volatile.Read(ref _closing) != 0;

    /// <summary>Lets one more user in, or throws <see cref="ObjectDisposedException"/> once closing has begun.</summary>
    public Lease Enter()
    {
        Interlocked.Increment(ref _users);
        if (IsClosed)
        {
            Exit();
            throw new ObjectDisposedException(owner.GetType().Name);
        }

        return new Lease(this);
    }

    /// <summary>Lets no new user in; releases now if nobody is inside, else when the last user leaves.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closing, 1) == 0 && Volatile.Read(ref _users) == 0)
        {
            ReleaseOnce();
        }
    }

    private void Exit()
    {
        if (Interlocked.Decrement(ref _users) == 0 && IsClosed)
        {
            ReleaseOnce();
        }
    }

    private void ReleaseOnce()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            release();
        }
    }

    public readonly struct Lease(UseCount count) : IDisposable
    {
        public void Dispose() => count.Exit();
    }
}
