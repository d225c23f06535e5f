using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace CineCast.Engines.Basic;

/// <summary>Where a word or a sentence starts in a chunk's text (UTF-16 index and length) and when it is heard, in milliseconds.</summary>
public readonly record struct EspeakTiming(bool IsSentence, int Start, int Length, int Milliseconds)
{
    /// <summary>Which espeak-ng message (one synthesis call) the event belongs to.</summary>
    internal uint Message { get; init; }
}

/// <summary>
/// When espeak-ng says each word and sentence of a text: it reports them through its library interface as it
/// synthesizes (the command line that makes the audio does not), so the same language and pace give times exact to
/// that audio. The library keeps one global state, so one synthesis runs at a time; it is fast (far above real time) and
/// its audio is thrown away.
/// </summary>
public sealed unsafe partial class EspeakWordTimes(EspeakInstallation espeak)
{
    private const string Library = "libespeak-ng.so.1";
    private const int SynchronousOutput = 2;
    private const int DoNotExit = 0x8000;
    private const int PositionInCharacters = 1;
    private const uint Utf8Text = 1;
    private const int RateParameter = 1;
    private const int WordEvent = 1;
    private const int SentenceEvent = 2;

    // One synthesis at a time in the whole process: the library's state and its callback are global.
    private static readonly Lock Gate = new();
    private static List<EspeakTiming>? collecting;
    private static bool initialized;

    /// <summary>The words and sentences of <paramref name="text"/> spoken in this espeak-ng language (e.g. <c>en-us</c>) at this pace, in order.</summary>
    public IReadOnlyList<EspeakTiming> Measure(string language, int wordsPerMinute, string text)
    {
        if (espeak.Problem is { } problem)
        {
            throw new EngineFailedException(problem);
        }
        var utf8 = Encoding.UTF8.GetBytes(text + "\0");
        var timings = new List<EspeakTiming>();
        lock (Gate)
        {
            Initialize();
            if (SetVoiceByName(language) != 0 || SetParameter(RateParameter, wordsPerMinute, 0) != 0)
            {
                throw new EngineFailedException($"espeak-ng's library could not take the voice '{language}' at {wordsPerMinute} words per minute.");
            }
            collecting = timings;
            uint message = 0;
            try
            {
                fixed (byte* bytes = utf8)
                {
                    if (Synth(bytes, (nuint)utf8.Length, 0, PositionInCharacters, 0, Utf8Text, &message, null) != 0 || Synchronize() != 0)
                    {
                        throw new EngineFailedException("espeak-ng's library could not time the words of a chunk.");
                    }
                }
            }
            finally
            {
                collecting = null;
            }
            // Events of an earlier text can come out with this one's; only this message's count.
            var mine = message;
            timings.RemoveAll(timing => timing.Message != mine);
        }
        return ToUtf16(timings, text);
    }

    // Started once, on espeak-ng's own data: timings depend on the language and the pace, not on the pitch and
    // formants a voice's variant sets, so no app's overlay (each host has its own) is needed here.
    private static void Initialize()
    {
        if (initialized)
        {
            return;
        }
        try
        {
            if (EspeakInitialize(SynchronousOutput, 0, null, DoNotExit) <= 0)
            {
                throw new EngineFailedException("espeak-ng's library could not start with its own data.");
            }
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new EngineFailedException($"espeak-ng's library ({Library}, Debian package libespeak-ng1, installed with espeak-ng) could not be loaded: {exception.Message}");
        }
        SetSynthCallback(&OnSynthesized);
        initialized = true;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnSynthesized(short* wave, int samples, Event* events)
    {
        for (var e = events; e->Type != 0; e++)
        {
            if (e->Type is WordEvent or SentenceEvent)
            {
                collecting?.Add(new EspeakTiming(e->Type == SentenceEvent, e->TextPosition, e->Length, e->AudioPosition) { Message = e->UniqueIdentifier });
            }
        }
        return 0;
    }

    /// <summary>espeak-ng counts characters (code points) from 1; the app counts UTF-16 units from 0.</summary>
    private static List<EspeakTiming> ToUtf16(List<EspeakTiming> timings, string text)
    {
        var unitOfCodePoint = new List<int>(text.Length + 1);
        for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            unitOfCodePoint.Add(i);
        }
        unitOfCodePoint.Add(text.Length);
        int Unit(int codePoint) => unitOfCodePoint[Math.Clamp(codePoint, 0, unitOfCodePoint.Count - 1)];
        return [.. timings.Select(t =>
        {
            var start = Unit(t.Start - 1);
            return t with { Start = start, Length = Unit(t.Start - 1 + Math.Max(t.Length, 0)) - start };
        })];
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Event
    {
        public int Type;
        public uint UniqueIdentifier;
        public int TextPosition;
        public int Length;
        public int AudioPosition;
        public int Sample;
        public nint UserData;
        public long Id;
    }

    [LibraryImport(Library, EntryPoint = "espeak_Initialize", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int EspeakInitialize(int output, int bufferMilliseconds, string? path, int options);

    [LibraryImport(Library, EntryPoint = "espeak_SetSynthCallback")]
    private static partial void SetSynthCallback(delegate* unmanaged[Cdecl]<short*, int, Event*, int> callback);

    [LibraryImport(Library, EntryPoint = "espeak_SetVoiceByName", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetVoiceByName(string name);

    [LibraryImport(Library, EntryPoint = "espeak_SetParameter")]
    private static partial int SetParameter(int parameter, int value, int relative);

    [LibraryImport(Library, EntryPoint = "espeak_Synchronize")]
    private static partial int Synchronize();

    [LibraryImport(Library, EntryPoint = "espeak_Synth")]
    private static partial int Synth(byte* text, nuint size, uint position, int positionType, uint endPosition, uint flags, uint* uniqueIdentifier, void* userData);
}
