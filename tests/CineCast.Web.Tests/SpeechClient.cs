using System.Net.Http.Json;
using CineCast.Web.Synthesis;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CineCast.Web.Tests;

/// <summary>The real SignalR .NET client talking to the test server over its in-memory WebSocket.</summary>
public static class SpeechClient
{
    public static async Task<HubConnection> ConnectAsync(CineCastApp app, HttpClient signedIn, bool messagePack = false, string path = SpeechHub.Path)
    {
        var token = signedIn.DefaultRequestHeaders.Authorization!.Parameter!;
        var builder = new HubConnectionBuilder();
        if (messagePack)
        {
            builder.AddMessagePackProtocol();
        }

        var connection = builder
            .WithUrl(new Uri(app.Server.BaseAddress, path), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                // As a browser does: WebSocket requests cannot carry headers, so the token rides in the query string.
                options.WebSocketFactory = async (context, cancellationToken) =>
                    await app.Server.CreateWebSocketClient().ConnectAsync(WithToken(context.Uri, token), cancellationToken);
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }

    private static Uri WithToken(Uri uri, string token) =>
        new UriBuilder(uri) { Query = $"{uri.Query.TrimStart('?')}{(uri.Query.Length > 1 ? "&" : "")}access_token={Uri.EscapeDataString(token)}" }.Uri;

    public static async Task<List<SpeechItem>> SpeakAsync(this HubConnection connection, SynthesisRequest request, CancellationToken cancellationToken = default)
    {
        var items = new List<SpeechItem>();
        await foreach (var item in connection.StreamAsync<SpeechItem>("Synthesize", request, cancellationToken))
        {
            items.Add(item);
        }
        return items;
    }

    /// <summary>All audio frames of a stream as float samples.</summary>
    public static float[] Samples(IEnumerable<SpeechItem> items) =>
        items.Where(i => i.Kind == SpeechItemKinds.Audio)
            .SelectMany(i => Enumerable.Range(0, i.Pcm!.Length / 2).Select(k => BitConverter.ToInt16(i.Pcm, 2 * k) / 32768f))
            .ToArray();

    public static async Task<string> CloneIdAsync(HttpClient client, string sharedClip, string name)
    {
        var response = await client.PostAsync("/api/voices", CloneForm.Of(SpeechFiles.Shared(sharedClip), name: name));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Voices.VoiceDto>())!.Id;
    }
}
