using System.Net.Http.Headers;

namespace CineCast.Resilience.Tests;

/// <summary>A clone upload as the pages and programs send it: the clip, a name and consent.</summary>
public static class CloneForms
{
    public static MultipartFormDataContent Of(byte[] clip, string name, string mediaType = "audio/wav", string fileName = "clip.wav")
    {
        var file = new ByteArrayContent(clip);
        file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return new MultipartFormDataContent
        {
            { file, "file", fileName },
            { new StringContent(name), "name" },
            { new StringContent("true"), "consent" },
        };
    }
}
