using CineCast.Engines.Basic;
using CineCast.Engines.Neural;
using Microsoft.Extensions.Time.Testing;

namespace CineCast.Engines.Tests;

/// <summary>One cache for every engine's per-voice profiles: shared, trimmed least recently used first, never disposed under a user.</summary>
public sealed class VoiceProfileCacheTests
{
    private static readonly SpeakingVoice Ann = SpeakingVoice.OfClip("ann", "Ann", "ann.wav", DateTime.UnixEpoch);
    private static readonly SpeakingVoice Bob = SpeakingVoice.OfClip("bob", "Bob", "bob.wav", DateTime.UnixEpoch);
    private static readonly SpeakingVoice Cy = SpeakingVoice.OfClip("cy", "Cy", "cy.wav", DateTime.UnixEpoch);

    [Fact]
    public async Task Both_engines_keep_their_profiles_of_a_voice_in_the_one_cache_and_forgetting_the_voice_drops_them_all()
    {
        await using var engines = new Engines(Engines.TinyBundle);
        var clone = Engines.CloneOf("en_ls1363_1363-135842-0000.wav");

        await Engines.SpeakAsync(engines.Basic, clone, "Hello there.");
        await Engines.SpeakAsync(engines.Neural, clone, "Hello there.");
        var held = (engines.Cache.Count(BasicEngine.EngineId), engines.Cache.Count(NeuralEngine.EngineId));
        engines.Basic.Forget(clone.Id);

        Assert.Equal((1, 1), held);
        Assert.Equal((0, 0), (engines.Cache.Count(BasicEngine.EngineId), engines.Cache.Count(NeuralEngine.EngineId)));
    }

    [Fact]
    public async Task Trimming_drops_that_engines_least_recently_used_entries_and_disposes_one_in_use_only_when_it_is_given_back()
    {
        var clock = new FakeTimeProvider();
        using var cache = new VoiceProfileCache(clock);
        var inUse = await cache.LeaseAsync("slow", "en", Ann, () => Task.FromResult(new Profile()), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        var bob = await cache.GetAsync("slow", "en", Bob, () => Task.FromResult(new Profile()), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        var cy = await cache.GetAsync("slow", "en", Cy, () => Task.FromResult(new Profile()), CancellationToken.None);
        var other = await cache.GetAsync("other", "en", Ann, () => Task.FromResult(new Profile()), CancellationToken.None);

        var firstTrim = cache.Trim("slow", 2);
        var annAfterFirst = cache.Peek<Profile>("slow", "en", Ann);
        var secondTrim = cache.Trim("slow", 0);
        var disposedWhileLeased = inUse.Profile.Disposed;
        inUse.Dispose();

        Assert.Equal((1, 2), (firstTrim, secondTrim));
        Assert.Null(annAfterFirst);
        Assert.False(disposedWhileLeased);
        Assert.True(inUse.Profile.Disposed);
        Assert.True(bob.Disposed && cy.Disposed);
        Assert.False(other.Disposed);
        Assert.Same(other, cache.Peek<Profile>("other", "en", Ann));
    }

    private sealed class Profile : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
