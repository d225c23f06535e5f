// The Batches page's live view: the server pushes each change of the user's jobs over /hubs/batches
// (jobChanged with the job, jobRemoved with its id), and this hands them to the page as they happen.
const HUB_URL = new URL('../hubs/batches', import.meta.url);

export async function watch(dotnetRef) {
  const { signalR } = globalThis;
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(HUB_URL.href)
    .withAutomaticReconnect()
    .configureLogging(signalR.LogLevel.Error)
    .build();
  const tell = (method, ...args) => dotnetRef.invokeMethodAsync(method, ...args).catch(() => {});
  connection.on('jobChanged', (job) => tell('OnJobChanged', job));
  connection.on('jobRemoved', (id) => tell('OnJobRemoved', id));
  // Changes made while the connection was down are not replayed: the page reads the list again.
  connection.onreconnected(() => tell('OnWatchResumed'));
  await connection.start();
  return {
    connected: () => connection.state === 'Connected',
    stop: () => connection.stop(),
  };
}
