using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace CineCast.Web.Wyoming;

/// <summary>
/// Announces the Wyoming server over multicast DNS (RFC 6762) as DNS-SD service <c>_wyoming._tcp</c> (RFC 6763), as
/// the reference servers do: a PTR to the instance, its SRV (port and host), an empty TXT and the host's addresses.
/// Announced at start and answered when asked, including legacy one-shot queries (such as <c>dig -p 5353</c>), which
/// are answered directly. Where the machine allows no multicast, it says so in the log and the server runs on.
/// </summary>
public sealed partial class MdnsAnnouncer(WyomingServer server, IOptions<WyomingOptions> options, ILogger<MdnsAnnouncer> logger) : BackgroundService
{
    public const string ServiceType = "_wyoming._tcp.local";
    private const int Port = 5353;
    private const ushort TypeA = 1, TypePtr = 12, TypeTxt = 16, TypeSrv = 33, TypeAny = 255, ClassIn = 1, CacheFlush = 0x8000, UnicastResponse = 0x8000;
    private static readonly IPAddress Group = IPAddress.Parse("224.0.0.251");
    private static readonly IPEndPoint GroupEndpoint = new(Group, Port);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || !settings.Zeroconf)
        {
            return;
        }
        var endpoint = await server.Listening.WaitAsync(stoppingToken);
        var records = new ServiceRecords(settings.ZeroconfName, (ushort)endpoint.Port, AddressesFor(endpoint.Address));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Any, Port));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
            foreach (var local in MulticastInterfaceAddresses())
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(Group, local));
            }
        }
        catch (SocketException exception)
        {
            LogUnavailable(exception.Message);
            return;
        }

        LogAnnouncing(records.Instance, endpoint.Port, records.Host);
        var announcing = AnnounceAsync(socket, records, stoppingToken);
        try
        {
            await AnswerAsync(socket, records, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The app is stopping: the records are withdrawn below.
        }
        catch (SocketException exception)
        {
            LogUnavailable(exception.Message);
        }
        await announcing;
        await SendQuietlyAsync(socket, records.Response(0, [], ttlScale: 0), GroupEndpoint);
    }

    /// <summary>Three unsolicited announcements a second apart, as RFC 6762 §8.3 asks (at least two).</summary>
    private static async Task AnnounceAsync(Socket socket, ServiceRecords records, CancellationToken stoppingToken)
    {
        try
        {
            for (var i = 0; i < 3; i++)
            {
                await SendQuietlyAsync(socket, records.Response(0, []), GroupEndpoint);
                await Task.Delay(TimeSpan.FromSeconds(1 << i), stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping before the last announcement.
        }
    }

    private static async Task AnswerAsync(Socket socket, ServiceRecords records, CancellationToken stoppingToken)
    {
        var buffer = new byte[9000];
        while (true)
        {
            var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), stoppingToken);
            var sender = (IPEndPoint)received.RemoteEndPoint;
            if (DnsQuery.TryRead(buffer.AsSpan(0, received.ReceivedBytes), out var query) && records.Answers(query.Questions) is { Count: > 0 } answers)
            {
                // A one-shot resolver (not from port 5353) or a question asking for a unicast answer is answered directly.
                var direct = sender.Port != Port || query.Questions.Any(q => (q.Class & UnicastResponse) != 0);
                var legacy = sender.Port != Port;
                var response = records.Response(direct ? query.Id : (ushort)0, legacy ? query.Questions : [], only: answers, legacy: legacy);
                await SendQuietlyAsync(socket, response, direct ? sender : GroupEndpoint);
            }
        }
    }

    private static async Task SendQuietlyAsync(Socket socket, byte[] message, IPEndPoint to)
    {
        try
        {
            await socket.SendToAsync(message, SocketFlags.None, to);
        }
        catch (SocketException)
        {
            // No route for multicast on this machine; answers to direct questions may still work.
        }
    }

    private static IReadOnlyList<IPAddress> AddressesFor(IPAddress listening) =>
        listening.Equals(IPAddress.Any) ? [.. MulticastInterfaceAddresses()] : [listening];

    private static IEnumerable<IPAddress> MulticastInterfaceAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.SupportsMulticast && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork);

    /// <summary>Whether this machine has an interface multicast DNS can use.</summary>
    public static bool MachineHasMulticast() => MulticastInterfaceAddresses().Any();

    [LoggerMessage(Level = LogLevel.Information, Message = "Announcing the Wyoming server over mDNS as {Instance} on port {Port} (host {Host}).")]
    private partial void LogAnnouncing(string instance, int port, string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Wyoming server cannot be announced over mDNS here ({Reason}); add it in Home Assistant by host and port.")]
    private partial void LogUnavailable(string reason);

    public sealed record DnsQuestion(string Name, ushort Type, ushort Class);

    public sealed record DnsQuery(ushort Id, IReadOnlyList<DnsQuestion> Questions)
    {
        /// <summary>Reads the questions of a query; a response, or anything malformed, is not a query.</summary>
        public static bool TryRead(ReadOnlySpan<byte> message, out DnsQuery query)
        {
            query = new DnsQuery(0, []);
            if (message.Length < 12 || (message[2] & 0x80) != 0)
            {
                return false;
            }
            var count = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
            var questions = new List<DnsQuestion>();
            var at = 12;
            for (var i = 0; i < count && i < 32; i++)
            {
                if (!TryReadName(message, ref at, out var name) || at + 4 > message.Length)
                {
                    return false;
                }
                questions.Add(new DnsQuestion(name, BinaryPrimitives.ReadUInt16BigEndian(message[at..]), BinaryPrimitives.ReadUInt16BigEndian(message[(at + 2)..])));
                at += 4;
            }
            query = new DnsQuery(BinaryPrimitives.ReadUInt16BigEndian(message), questions);
            return true;
        }

        /// <summary>A name of labels, following compression pointers (a bounded number of them, so a loop cannot hang it).</summary>
        private static bool TryReadName(ReadOnlySpan<byte> message, ref int at, out string name)
        {
            var labels = new List<string>();
            var position = at;
            var jumped = false;
            name = "";
            for (var hops = 0; hops < 16; )
            {
                if (position >= message.Length)
                {
                    return false;
                }
                var length = message[position];
                if (length == 0)
                {
                    if (!jumped)
                    {
                        at = position + 1;
                    }
                    name = string.Join('.', labels);
                    return true;
                }
                if ((length & 0xC0) == 0xC0)
                {
                    if (position + 1 >= message.Length)
                    {
                        return false;
                    }
                    if (!jumped)
                    {
                        at = position + 2;
                    }
                    position = ((length & 0x3F) << 8) | message[position + 1];
                    jumped = true;
                    hops++;
                    continue;
                }
                if (length > 63 || position + 1 + length > message.Length)
                {
                    return false;
                }
                labels.Add(Encoding.UTF8.GetString(message.Slice(position + 1, length)));
                position += 1 + length;
            }
            return false;
        }
    }

    /// <summary>The records of one service instance, and the answers they give.</summary>
    private sealed class ServiceRecords(string name, ushort port, IReadOnlyList<IPAddress> addresses)
    {
        public string Instance { get; } = $"{name}.{ServiceType}";

        public string Host { get; } = $"{name}.local";

        /// <summary>The record types that answer these questions (empty when none is about this service).</summary>
        public List<ushort> Answers(IEnumerable<DnsQuestion> questions)
        {
            var answers = new List<ushort>();
            foreach (var question in questions)
            {
                var type = question.Type;
                if (Is(question.Name, ServiceType) && type is TypePtr or TypeAny)
                {
                    answers.Add(TypePtr);
                }
                else if (Is(question.Name, Instance))
                {
                    answers.AddRange(type switch { TypeSrv => [TypeSrv], TypeTxt => [TypeTxt], TypeAny => [TypeSrv, TypeTxt], _ => [] });
                }
                else if (Is(question.Name, Host) && type is TypeA or TypeAny)
                {
                    answers.Add(TypeA);
                }
            }
            return answers;
        }

        /// <summary>
        /// A response: the asked records as answers (all of them when <paramref name="only"/> is null), the rest of the
        /// service's records as additional ones, so one reply is enough to connect. A scale of 0 withdraws them (goodbye).
        /// A <paramref name="legacy"/> one-shot resolver gets plain DNS: no cache-flush bit, lifetimes of at most 10 s (RFC 6762 §6.7).
        /// </summary>
        public byte[] Response(ushort id, IReadOnlyList<DnsQuestion> echoed, List<ushort>? only = null, int ttlScale = 1, bool legacy = false)
        {
            ushort[] all = [TypePtr, TypeSrv, TypeTxt, TypeA];
            var answers = only is null ? all : [.. all.Where(only.Contains)];
            var additional = all.Except(answers).ToArray();
            using var message = new MemoryStream();
            Write16(message, id);
            Write16(message, 0x8400); // a response, authoritative
            Write16(message, (ushort)echoed.Count);
            Write16(message, (ushort)(answers.Length + (answers.Contains(TypeA) ? addresses.Count - 1 : 0)));
            Write16(message, 0);
            Write16(message, (ushort)(additional.Length + (additional.Contains(TypeA) ? addresses.Count - 1 : 0)));
            foreach (var question in echoed)
            {
                WriteName(message, question.Name);
                Write16(message, question.Type);
                Write16(message, ClassIn);
            }
            foreach (var type in answers.Concat(additional))
            {
                WriteRecords(message, type, ttlScale, legacy);
            }
            return message.ToArray();
        }

        private void WriteRecords(MemoryStream message, ushort type, int ttlScale, bool legacy)
        {
            var unique = legacy ? ClassIn : ClassIn | CacheFlush;
            int Ttl(int seconds) => legacy ? Math.Min(10, seconds * ttlScale) : seconds * ttlScale;
            switch (type)
            {
                case TypePtr:
                    WriteRecord(message, ServiceType, TypePtr, ClassIn, Ttl(4500), data => WriteName(data, Instance));
                    break;
                case TypeSrv:
                    WriteRecord(message, Instance, TypeSrv, unique, Ttl(120), data =>
                    {
                        Write16(data, 0);
                        Write16(data, 0);
                        Write16(data, port);
                        WriteName(data, Host);
                    });
                    break;
                case TypeTxt:
                    WriteRecord(message, Instance, TypeTxt, unique, Ttl(4500), data => data.WriteByte(0));
                    break;
                default:
                    foreach (var address in addresses)
                    {
                        WriteRecord(message, Host, TypeA, unique, Ttl(120), data => data.Write(address.GetAddressBytes()));
                    }
                    break;
            }
        }

        private static void WriteRecord(MemoryStream message, string owner, ushort type, int recordClass, int ttl, Action<MemoryStream> writeData)
        {
            WriteName(message, owner);
            Write16(message, type);
            Write16(message, (ushort)recordClass);
            Span<byte> ttlBytes = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(ttlBytes, ttl);
            message.Write(ttlBytes);
            using var data = new MemoryStream();
            writeData(data);
            Write16(message, (ushort)data.Length);
            data.WriteTo(message);
        }

        private static void WriteName(MemoryStream message, string dottedName)
        {
            foreach (var label in dottedName.Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                var bytes = Encoding.UTF8.GetBytes(label);
                message.WriteByte((byte)bytes.Length);
                message.Write(bytes);
            }
            message.WriteByte(0);
        }

        private static void Write16(MemoryStream message, ushort value)
        {
            Span<byte> bytes = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
            message.Write(bytes);
        }

        private static bool Is(string asked, string ours) => string.Equals(asked.TrimEnd('.'), ours, StringComparison.OrdinalIgnoreCase);
    }
}
