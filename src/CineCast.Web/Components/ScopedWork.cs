namespace CineCast.Web.Components;

/// <summary>
/// A circuit lives as long as the browser tab, so pages must not hold one DbContext for it: each action runs in a
/// service scope of its own.
/// </summary>
public static class ScopedWork
{
    public static async Task<T> WithAsync<TService, T>(this IServiceScopeFactory scopes, Func<TService, Task<T>> work)
        where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public static async Task WithAsync<TService>(this IServiceScopeFactory scopes, Func<TService, Task> work)
        where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
