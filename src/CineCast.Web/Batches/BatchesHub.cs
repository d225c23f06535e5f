using CineCast.Web.Accounts;
using Microsoft.AspNetCore.SignalR;

namespace CineCast.Web.Batches;

/// <summary>
/// Pushes a user's batch jobs as they change: <c>jobChanged</c> with the job, <c>jobRemoved</c> with its id. Each
/// connection joins its user's group, so with the Redis backplane a job rendered on one instance reaches its
/// owner's page on another.
/// </summary>
public sealed class BatchesHub : Hub
{
    public const string Path = "/hubs/batches";
    public const string JobChanged = "jobChanged";
    public const string JobRemoved = "jobRemoved";

    public static string GroupOf(string userId) => "batches:" + userId;

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(Context.User!.UserId()));
        await base.OnConnectedAsync();
    }
}
