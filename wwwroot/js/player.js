// Speaks text through the speech hub (Playground page): PCM frames stream over SignalR (MessagePack) into the
// playback worklet as they arrive, so speech starts after the first frames rather than after the whole text.
import { pcm16ToFloat, wavBlob } from './wav.js';

const HUB_URL = '/hubs/speech';
const WORKLET_URL = new URL('../worklets/playback-processor.js', import.meta.url);
const LIBRARIES = ['signalr.min.js', 'signalr-protocol-msgpack.min.js'].map((file) => new URL(`../lib/signalr/${file}`, import.meta.url));
const STREAM_RATE = 24000;
const PROGRESS_INTERVAL_MS = 250;
const STOP_WAIT_MS = 250;

const status = {
  state: 'idle', // idle | connecting | buffering | playing | ended | stopped | error
  samplesReceived: 0,
  samplesPlayed: 0,
  underruns: 0,
  firstAudioMs: null,
  sequence: null,
  engine: null,
  voiceId: null,
  voiceName: null,
  error: null,
  reason: null, // the refusal code when the server refused
  word: null, // { offset, length } in the spoken text of the word being heard
};

let audio = null; // { context, ready: Promise of the worklet module }
let hub = null; // { connection, token, starting }
let librariesLoaded = null;
let current = null; // the speak() in progress, see speak()
let received = []; // PCM of the last speak(), for downloadWav()
let receivedRate = STREAM_RATE;

export async function speak(dotnetRef, request) {
  // Created and resumed before any await, while the click's user activation still counts.
  const started = performance.now();
  if (!audio || audio.context.state === 'closed') {
    const context = new AudioContext();
    audio = { context, ready: context.audioWorklet.addModule(WORKLET_URL) };
  }
  audio.context.resume().catch(() => {});

  await halt(current, 'stopped');
  const run = {
    dotnetRef,
    started,
    node: null,
    subscription: null,
    streaming: false,
    end: null,
    progressTimer: 0,
    nodeStopped: null,
    marks: [],
    nextMark: 0,
    reading: {},
    text: null, // live mode: the SignalR Subject the typed text goes into
  };
  current = run;
  received = [];
  receivedRate = STREAM_RATE;
  Object.assign(status, {
    state: 'connecting', samplesReceived: 0, samplesPlayed: 0, underruns: 0, firstAudioMs: null,
    sequence: null, engine: null, voiceId: null, voiceName: null, error: null, reason: null, word: null,
  });

  let connection;
  try {
    [connection] = await Promise.all([connect(request?.accessToken), audio.ready]);
  } catch (error) {
    if (current === run) {
      fail(run, connectionMessage(error));
    }
    return;
  }
  if (current !== run) {
    return;
  }

  status.state = 'buffering';
  run.progressTimer = setInterval(() => notify(run, 'OnPlayerProgress', stats()), PROGRESS_INTERVAL_MS);
  const text = request?.text ?? '';
  const voiceId = request?.voiceId ?? null;
  const speed = Number(request?.speed) || 1;
  const engine = request?.engine || null;
  // The server reads the request contractless, i.e. by C# property name; both spellings are sent so the
  // request survives a server that switches to camelCase keys (unknown keys are skipped).
  // Live ("type as you speak"): the text goes up as a stream of its own, the pieces typed so far first.
  const live = request?.live === true;
  run.text = live ? new globalThis.signalR.Subject() : null;
  const stream = live
    ? connection.stream('SynthesizeLive', { voiceId, speed, engine }, run.text)
    : connection.stream('Synthesize', { text, voiceId, speed, engine });
  run.streaming = true;
  run.subscription = stream.subscribe({
    next: (item) => current === run && onItem(run, item, request),
    complete: () => current === run && onComplete(run),
    error: (error) => {
      run.streaming = false;
      if (current === run) {
        fail(run, hubMessage(error));
      }
    },
  });
  if (live && text) {
    run.text.next(text);
  }
}

// Live mode: text typed at the end goes to the server, which speaks each sentence as soon as it is complete.
export function appendLive(piece) {
  if (current?.text && piece) {
    current.text.next(piece);
  }
}

// Live mode: the text is complete; what is left is spoken and the stream ends.
export function finishLive() {
  const text = current?.text;
  if (text) {
    current.text = null;
    text.complete();
  }
}

export async function stop() {
  const run = current;
  if (!run) {
    return;
  }
  await halt(run, 'stopped');
}

export function downloadWav(fileName) {
  if (received.length === 0) {
    return false;
  }
  const url = URL.createObjectURL(wavBlob(received, receivedRate));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName || 'speech.wav';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000); // the download may still be reading it
  return true;
}

function onItem(run, item, request) {
  switch (item?.kind) {
    case 'start':
      Object.assign(status, { engine: item.engine ?? null, voiceId: item.voiceId ?? null, voiceName: item.voiceName ?? null });
      receivedRate = item.sampleRate || STREAM_RATE;
      ensureNode(run, request);
      notify(run, 'OnPlayerStart', {
        engine: item.engine ?? null,
        engineDescription: item.engineDescription ?? null,
        voiceId: item.voiceId ?? null,
        voiceName: item.voiceName ?? null,
        voiceKind: item.voiceKind ?? null,
        sampleRate: receivedRate,
      });
      break;
    case 'audio': {
      if (!item.pcm || item.pcm.byteLength === 0) {
        break;
      }
      if (status.firstAudioMs === null) {
        status.firstAudioMs = Math.round(performance.now() - run.started);
      }
      const pcm = item.pcm.slice(); // a copy, so the decoded message buffer is not kept alive
      received.push(pcm);
      status.samplesReceived += pcm.byteLength >> 1;
      status.sequence = item.sequence ?? status.sequence;
      const samples = pcm16ToFloat(pcm);
      ensureNode(run, request).port.postMessage({ type: 'pcm', samples }, [samples.buffer]);
      break;
    }
    case 'mark':
      if (item.mark === 'word' || item.mark === 'sentence') {
        run.marks.push({ mark: item.mark, offset: item.offset, length: item.length, sample: item.sample });
      }
      break;
    case 'end':
      run.end = item;
      break;
  }
}

function onComplete(run) {
  run.streaming = false;
  ensureNode(run).port.postMessage({ type: 'end' });
  const end = run.end ?? {};
  notify(run, 'OnPlayerEnd', {
    durationSeconds: end.durationSeconds ?? status.samplesReceived / receivedRate,
    firstAudioMs: status.firstAudioMs,
    realTimeFactor: end.realTimeFactor ?? null,
    serverFirstAudioMs: end.firstAudioMs ?? null,
    samplesReceived: status.samplesReceived,
  });
}

function ensureNode(run, request) {
  if (run.node) {
    return run.node;
  }
  const node = new AudioWorkletNode(audio.context, 'cinecast-playback', {
    numberOfInputs: 0,
    numberOfOutputs: 1,
    outputChannelCount: [1],
    processorOptions: { inputRate: receivedRate, preRollSeconds: request?.preRollSeconds ?? 0.1 },
  });
  let stopped;
  run.nodeStopped = new Promise((resolve) => { stopped = resolve; });
  node.port.onmessage = ({ data }) => {
    status.samplesPlayed = data.samplesPlayed;
    status.underruns = data.underruns;
    follow(run);
    if (data.type === 'stats') {
      if (current === run && (status.state === 'buffering' || status.state === 'playing')) {
        status.state = data.state === 'playing' ? 'playing' : 'buffering';
      }
      return;
    }
    node.disconnect();
    stopped();
    if (data.type === 'drained' && current === run) {
      clearInterval(run.progressTimer);
      status.state = 'ended';
      notify(run, 'OnPlayerProgress', stats());
      notify(run, 'OnPlayerDrained');
    }
  };
  node.connect(audio.context.destination);
  run.node = node;
  return node;
}

// Read-along: the word and sentence whose marks the played audio has reached, told to the page when they change.
// Marks come in stream order, so the search resumes where it stopped.
function follow(run) {
  let changed = false;
  while (run.nextMark < run.marks.length && run.marks[run.nextMark].sample <= status.samplesPlayed) {
    const mark = run.marks[run.nextMark++];
    run.reading[mark.mark] = { offset: mark.offset, length: mark.length };
    changed = true;
  }
  if (changed && current === run) {
    status.word = run.reading.word ?? null;
    notify(run, 'OnPlayerWord', { word: run.reading.word ?? null, sentence: run.reading.sentence ?? null });
  }
}

// Stops a run: cancels the stream (disposing the subscription makes the server stop working) and fades out.
async function halt(run, state) {
  if (!run) {
    return;
  }
  clearInterval(run.progressTimer);
  // A live text stream is ended too, so the client stops sending into a stream the server has let go.
  run.text?.complete();
  run.text = null;
  if (run.streaming) {
    run.streaming = false;
    run.subscription?.dispose();
  }
  if (current === run && status.state !== 'ended' && status.state !== 'error') {
    status.state = state;
  }
  if (run.node) {
    run.node.port.postMessage({ type: 'stop' });
    await Promise.race([run.nodeStopped, new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS))]);
    run.node.disconnect();
  }
}

function fail(run, message) {
  status.error = message;
  halt(run, 'error');
  status.state = 'error';
  notify(run, 'OnPlayerError', message);
}

function stats() {
  return {
    state: status.state,
    samplesReceived: status.samplesReceived,
    samplesPlayed: status.samplesPlayed,
    underruns: status.underruns,
    firstAudioMs: status.firstAudioMs,
    sequence: status.sequence,
    secondsReceived: status.samplesReceived / receivedRate,
    secondsPlayed: status.samplesPlayed / receivedRate,
  };
}

function notify(run, method, ...args) {
  // A page that has gone away (disposed reference, closed circuit) just stops listening.
  run.dotnetRef?.invokeMethodAsync(method, ...args).catch(() => {});
}

// One connection for every speak(); started again when it has closed.
async function connect(accessToken) {
  await loadLibraries();
  const token = accessToken || null;
  if (hub && hub.token !== token) {
    hub.connection.stop().catch(() => {});
    hub = null;
  }
  if (!hub) {
    const { signalR } = globalThis;
    const connection = new signalR.HubConnectionBuilder()
      .withUrl(HUB_URL, token ? { accessTokenFactory: () => token } : {})
      .withHubProtocol(new signalR.protocols.msgpack.MessagePackHubProtocol())
      .configureLogging(signalR.LogLevel.Error)
      .build();
    hub = { connection, token, starting: null };
  }
  const entry = hub;
  if (entry.connection.state === 'Disconnected' && !entry.starting) {
    entry.starting = entry.connection.start().finally(() => { entry.starting = null; });
  }
  await entry.starting;
  return entry.connection;
}

// The libraries are normally loaded by the page's script tags; this covers pages (and tests) that did not.
function loadLibraries() {
  if (globalThis.signalR?.protocols?.msgpack) {
    return Promise.resolve();
  }
  librariesLoaded ??= LIBRARIES.reduce((previous, url) => previous.then(() => {
    if (url.pathname.endsWith('signalr.min.js') && globalThis.signalR?.HubConnectionBuilder) {
      return undefined;
    }
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = url.href;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`Could not load ${url.pathname}.`));
      document.head.append(script);
    });
  }), Promise.resolve()).catch((error) => {
    librariesLoaded = null;
    throw error;
  });
  return librariesLoaded;
}

// Hub refusals arrive as "An unexpected error occurred invoking 'Synthesize' on the server. HubException: <sentence> [<code>]";
// the person reads the sentence, the code stays on the status for scripts and tests.
function hubMessage(error) {
  const text = String(error?.message ?? error ?? '');
  const marker = 'HubException: ';
  const at = text.lastIndexOf(marker);
  if (at >= 0) {
    const refusal = text.slice(at + marker.length).trim();
    const coded = /^(.*)\s\[([a-z0-9.-]+)\]$/s.exec(refusal);
    status.reason = coded ? coded[2] : null;
    return coded ? coded[1] : refusal;
  }
  if (/connection being closed|connection was stopped|WebSocket closed/i.test(text)) {
    return 'The connection to the server was lost. Try again.';
  }
  return 'The server could not make this speech. Try again.';
}

function connectionMessage(error) {
  const text = String(error?.message ?? error ?? '');
  if (/\b401\b|Unauthorized/i.test(text)) {
    return 'You are signed out. Sign in again to use speech.';
  }
  if (/Could not load/.test(text)) {
    return text;
  }
  return 'Could not connect to the speech service. Check the connection and try again.';
}

globalThis.cinecast ??= {};
Object.defineProperty(globalThis.cinecast, 'player', {
  configurable: true,
  enumerable: true,
  value: Object.freeze({
    get state() { return status.state; },
    get samplesReceived() { return status.samplesReceived; },
    get samplesPlayed() { return status.samplesPlayed; },
    get underruns() { return status.underruns; },
    get firstAudioMs() { return status.firstAudioMs; },
    get sequence() { return status.sequence; },
    get engine() { return status.engine; },
    get voiceId() { return status.voiceId; },
    get voiceName() { return status.voiceName; },
    get error() { return status.error; },
    get reason() { return status.reason; },
    get word() { return status.word; },
  }),
});
