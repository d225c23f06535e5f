using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CineCast.Web.Tests;

public sealed partial class ApiDocsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("/v1/audio/speech")]
    [InlineData("/api/voices")]
    [InlineData("/api/voices/{id}/audio")]
    [InlineData("/api/keys")]
    [InlineData("/api/admin/storage")]
    [InlineData("/voices")]
    [InlineData("/set_voice")]
    [InlineData("/read_stream")]
    [InlineData("/health")]
    [InlineData("/api/auth/login")]
    public async Task The_OpenAPI_document_describes_every_endpoint(string path)
    {
        var document = await fixture.App.AnonymousClient().GetStringAsync("/openapi/v1.json");

        var paths = JsonDocument.Parse(document).RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from /openapi/v1.json");
    }

    [Fact]
    public async Task The_API_reference_page_loads_nothing_from_the_internet()
    {
        var response = await fixture.App.AnonymousClient().GetAsync("/scalar/v1");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var external = ExternalResource().Matches(html).Select(m => m.Value).ToList();
        Assert.True(external.Count == 0, "external resources: " + string.Join(", ", external));
        foreach (var script in LocalScript().Matches(html).Select(m => m.Groups["src"].Value))
        {
            Assert.Equal(HttpStatusCode.OK, (await fixture.App.AnonymousClient().GetAsync(new Uri(new Uri(fixture.App.Server.BaseAddress, "/scalar/v1"), script))).StatusCode);
        }
    }

    [GeneratedRegex(@"(?:src|href)\s*=\s*[""']?(?:https?:)?//[^""'\s>]+", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalResource();

    [GeneratedRegex(@"<script[^>]*\ssrc\s*=\s*[""'](?<src>[^""']+)[""']", RegexOptions.IgnoreCase)]
    private static partial Regex LocalScript();
}
