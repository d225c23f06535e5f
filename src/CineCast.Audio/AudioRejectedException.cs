namespace CineCast.Audio;

/// <summary>Thrown for every input the library refuses; <see cref="Exception.Message"/> is a sentence for a person.</summary>
public sealed class AudioRejectedException : Exception
{
    public AudioRejectedException(AudioProblem problem, string message)
        : base(message)
    {
        Problem = problem;
    }

    public AudioRejectedException(AudioProblem problem, string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = problem;
    }

    public AudioProblem Problem { get; }
}
