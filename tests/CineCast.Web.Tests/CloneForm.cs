using System.Net.Http.Headers;

namespace CineCast.Web.Tests;

public static class CloneForm
{
    public static MultipartFormDataContent Of(byte[]? audio, string? name = "My voice", string? consent = "true", string? refText = null, string fileName = "clip.bin")
    {
        var form = new MultipartFormDataContent();
        if (audio is not null)
        {
            var file = new ByteArrayContent(audio);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "file", fileName);
        }
        if (name is not null)
        {
            form.Add(new StringContent(name), "name");
        }
        if (consent is not null)
        {
            form.Add(new StringContent(consent), "consent");
        }
        if (refText is not null)
        {
            form.Add(new StringContent(refText), "refText");
        }
        return form;
    }
}
