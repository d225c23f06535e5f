// Records a reference clip for a voice clone (Record page) and uploads clips (Record and Upload pages).
// The take stays at the device's own sample rate: the server resamples, so the browser never has to.
import { floatToInt16, wavBlob } from './wav.js';

const WORKLET_URL = new URL('../worklets/capture-processor.js', import.meta.url);
const LEVEL_INTERVAL_MS = 100;
const WAVEFORM_SECONDS = 5; // how much recent audio the canvas shows across its width
const SILENCE_DB = -100; // the level reported for digital silence (JSON has no -Infinity)

const rec = {
  state: 'idle', // idle | starting | recording | recorded | playing | uploading
  sampleRate: 0,
  samples: 0,
  chunks: [],
  take: null,
  maxSamples: Infinity,
  attempt: 0,
  capture: null, // { stream, context, source, node, dotnetRef, levelTimer, frame, levelPeak }
  wave: null, // { canvas, mins, maxs, head, count, columnMin, columnMax, columnFill, perColumn }
  playback: null, // { context, source }
};

export async function start(dotnetRef, canvas, maxSeconds) {
  if (rec.state === 'recording' || rec.state === 'starting') {
    stop();
  }
  stopPlayback();
  dropTake();
  const attempt = ++rec.attempt;
  if (!navigator.mediaDevices?.getUserMedia || typeof AudioWorkletNode === 'undefined') {
    return failure('unsupported', 'This browser cannot record audio here. Upload a recording instead.');
  }
  rec.state = 'starting';

  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
    });
  } catch (error) {
    if (attempt === rec.attempt) {
      rec.state = 'idle';
    }
    return microphoneFailure(error);
  }

  let context;
  try {
    const deviceRate = stream.getAudioTracks()[0]?.getSettings().sampleRate;
    context = createContext(deviceRate);
    context.resume().catch(() => {});
    await context.audioWorklet.addModule(WORKLET_URL);
    if (attempt !== rec.attempt) {
      throw new Error('Recording was stopped before it started.');
    }
    const source = context.createMediaStreamSource(stream);
    // The node must reach the destination for every browser to keep pulling it; its output is silent.
    const node = new AudioWorkletNode(context, 'cinecast-capture', { numberOfOutputs: 1, outputChannelCount: [1] });
    source.connect(node).connect(context.destination);

    rec.sampleRate = context.sampleRate;
    rec.maxSamples = maxSeconds > 0 ? Math.round(maxSeconds * context.sampleRate) : Infinity;
    rec.capture = { stream, context, source, node, dotnetRef, levelTimer: 0, frame: 0, levelPeak: 0 };
    rec.wave = createWaveform(canvas, context.sampleRate);
    node.port.onmessage = (event) => onSamples(event.data);
    rec.capture.levelTimer = setInterval(reportLevel, LEVEL_INTERVAL_MS);
    rec.capture.frame = requestAnimationFrame(drawLoop);
    rec.state = 'recording';
    return { ok: true, sampleRate: context.sampleRate };
  } catch (error) {
    stream.getTracks().forEach((track) => track.stop());
    context?.close().catch(() => {});
    if (attempt === rec.attempt) {
      rec.state = 'idle';
    }
    return failure('other', error?.message || 'The microphone could not be started.');
  }
}

export function stop() {
  if (rec.capture) {
    finishCapture();
  } else if (rec.state === 'starting') {
    rec.attempt++; // the pending start() notices and gives up
    rec.state = 'idle';
  }
  return { seconds: seconds(), sampleRate: rec.sampleRate };
}

export async function play() {
  stopPlayback();
  if (!rec.take || rec.take.length === 0) {
    return;
  }
  const context = rec.playback?.context ?? new AudioContext();
  context.resume().catch(() => {});
  const buffer = context.createBuffer(1, rec.take.length, rec.sampleRate);
  buffer.copyToChannel(rec.take, 0);
  const source = context.createBufferSource();
  source.buffer = buffer;
  source.connect(context.destination);
  rec.playback = { context, source };
  rec.state = 'playing';
  return new Promise((resolve) => {
    source.onended = () => {
      if (rec.playback?.source === source) {
        rec.playback.source = null;
        if (rec.state === 'playing') {
          rec.state = 'recorded';
        }
      }
      resolve();
    };
    source.start();
  });
}

export function stopPlayback() {
  const source = rec.playback?.source;
  if (source) {
    source.stop(); // onended settles play()
  }
}

export function discard() {
  stop();
  stopPlayback();
  dropTake();
  const canvas = rec.wave?.canvas;
  canvas?.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
  rec.wave = null;
  rec.state = 'idle';
}

export async function save(dotnetRef, fields) {
  if (!rec.take || rec.take.length === 0) {
    return { status: 0, body: { detail: 'There is no recording to save yet.' } };
  }
  const wav = wavBlob([floatToInt16(rec.take)], rec.sampleRate);
  const previous = rec.state;
  rec.state = 'uploading';
  try {
    return await upload(dotnetRef, wav, 'recording.wav', fields);
  } finally {
    rec.state = previous === 'playing' ? 'recorded' : previous;
  }
}

export async function uploadFile(dotnetRef, inputElement, fields) {
  const file = (inputElement && dropped.get(inputElement)) ?? inputElement?.files?.[0];
  if (!file) {
    return { status: 0, body: { detail: 'Choose an audio file first.' } };
  }
  return upload(dotnetRef, file, file.name, fields);
}

// Drag and drop onto `element` fills the file input, so the page handles dropped and chosen files alike.
const dropZones = new WeakMap();
const dropped = new WeakMap(); // input → its last dropped file, in case the browser refuses to set input.files

export function attachDropZone(element, inputElement) {
  detachDropZone(element);
  const over = (event) => {
    if (event.dataTransfer?.types.includes('Files')) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      element.classList.add('drag-over');
    }
  };
  const leave = (event) => {
    if (!element.contains(event.relatedTarget)) {
      element.classList.remove('drag-over');
    }
  };
  const drop = (event) => {
    element.classList.remove('drag-over');
    const file = event.dataTransfer?.files?.[0];
    if (!file) {
      return;
    }
    event.preventDefault();
    dropped.set(inputElement, file);
    try {
      const transfer = new DataTransfer();
      transfer.items.add(file);
      inputElement.files = transfer.files;
    } catch {
      // Older browsers cannot set input.files; uploadFile() still finds the dropped file.
    }
    inputElement.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const chosen = (event) => {
    if (event.isTrusted) {
      dropped.delete(inputElement); // the user picked a file with the dialog since
    }
  };
  const handlers = { dragenter: over, dragover: over, dragleave: leave, drop };
  Object.entries(handlers).forEach(([type, handler]) => element.addEventListener(type, handler));
  inputElement.addEventListener('change', chosen);
  dropZones.set(element, { handlers, inputElement, chosen });
}

export function detachDropZone(element) {
  const zone = dropZones.get(element);
  if (zone) {
    Object.entries(zone.handlers).forEach(([type, handler]) => element.removeEventListener(type, handler));
    zone.inputElement.removeEventListener('change', zone.chosen);
    dropZones.delete(element);
  }
}

function upload(dotnetRef, file, fileName, fields) {
  const form = new FormData();
  form.append('file', file, fileName);
  form.append('name', fields?.name ?? '');
  form.append('consent', fields?.consent === true || fields?.consent === 'true' ? 'true' : 'false');
  if (fields?.refText && String(fields.refText).trim()) {
    form.append('refText', String(fields.refText).trim());
  }
  // XMLHttpRequest rather than fetch: only it reports upload progress.
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/voices');
    xhr.setRequestHeader('Accept', 'application/json');
    if (fields?.antiforgeryToken) {
      xhr.setRequestHeader('RequestVerificationToken', fields.antiforgeryToken);
    }
    if (fields?.accessToken) {
      xhr.setRequestHeader('Authorization', `Bearer ${fields.accessToken}`); // test harnesses; pages use the cookie
    }
    let reported = -1;
    const progress = (percent) => {
      if (percent !== reported) {
        reported = percent;
        notify(dotnetRef, 'OnUploadProgress', percent);
      }
    };
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) {
        progress(Math.min(100, Math.floor((event.loaded * 100) / event.total)));
      }
    };
    xhr.upload.onload = () => progress(100);
    xhr.onload = () => resolve({ status: xhr.status, body: parseBody(xhr.responseText) });
    xhr.onerror = () => resolve({ status: 0, body: { detail: 'The upload could not reach the server. Check the connection and try again.' } });
    xhr.onabort = () => resolve({ status: 0, body: { detail: 'The upload was cancelled.' } });
    xhr.send(form);
  });
}

function parseBody(text) {
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function onSamples(message) {
  const capture = rec.capture;
  if (!capture || message.type !== 'samples') {
    return;
  }
  const room = rec.maxSamples - rec.samples;
  const block = message.samples.length > room ? message.samples.subarray(0, room) : message.samples;
  rec.chunks.push(block);
  rec.samples += block.length;
  capture.levelPeak = Math.max(capture.levelPeak, message.peak);
  addToWaveform(rec.wave, block);
  if (rec.samples >= rec.maxSamples) {
    const { dotnetRef } = capture;
    finishCapture();
    notify(dotnetRef, 'OnRecorderStopped', seconds());
  }
}

function reportLevel() {
  const capture = rec.capture;
  if (!capture) {
    return;
  }
  const peak = capture.levelPeak;
  capture.levelPeak = 0;
  const db = peak > 0 ? Math.max(SILENCE_DB, 20 * Math.log10(peak)) : SILENCE_DB;
  notify(capture.dotnetRef, 'OnRecorderLevel', Math.round(db * 10) / 10, seconds());
}

function finishCapture() {
  const { stream, context, source, node, levelTimer, frame } = rec.capture;
  rec.capture = null;
  clearInterval(levelTimer);
  cancelAnimationFrame(frame);
  node.port.onmessage = null;
  source.disconnect();
  node.disconnect();
  stream.getTracks().forEach((track) => track.stop());
  context.close().catch(() => {});
  rec.take = concat(rec.chunks, rec.samples);
  rec.chunks = [];
  rec.state = rec.samples > 0 ? 'recorded' : 'idle';
  drawWaveform(rec.wave);
}

function dropTake() {
  rec.take = null;
  rec.chunks = [];
  rec.samples = 0;
}

function seconds() {
  return rec.sampleRate > 0 ? rec.samples / rec.sampleRate : 0;
}

function concat(chunks, length) {
  const out = new Float32Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function createContext(sampleRate) {
  // Firefox cannot connect a microphone to a context running at another rate, so match the device.
  if (sampleRate) {
    try {
      return new AudioContext({ sampleRate });
    } catch {
      // The device reported a rate this browser's contexts do not support; use the default.
    }
  }
  return new AudioContext();
}

function microphoneFailure(error) {
  switch (error?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return failure('denied', 'Microphone access was blocked. Allow it in the browser, or upload a recording instead.');
    case 'NotFoundError':
    case 'OverconstrainedError':
      return failure('no-device', 'No microphone was found. Connect one, or upload a recording instead.');
    case 'NotReadableError':
      return failure('other', 'The microphone is in use by another application or could not be opened.');
    case 'TypeError':
      return failure('unsupported', 'This browser cannot record audio here. Upload a recording instead.');
    default:
      return failure('other', error?.message || 'The microphone could not be started.');
  }
}

function failure(error, message) {
  return { ok: false, error, message };
}

function notify(dotnetRef, method, ...args) {
  // A page that has gone away (disposed reference, closed circuit) just stops listening.
  dotnetRef?.invokeMethodAsync(method, ...args).catch(() => {});
}

// Live waveform: min/max per canvas column, scrolling from right to left.
function createWaveform(canvas, sampleRate) {
  if (!(canvas instanceof HTMLCanvasElement)) {
    return null;
  }
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round((canvas.clientWidth || canvas.width) * ratio));
  const height = Math.max(1, Math.round((canvas.clientHeight || canvas.height) * ratio));
  canvas.width = width;
  canvas.height = height;
  return {
    canvas,
    color: getComputedStyle(canvas).color, // the page styles the waveform with the canvas's CSS color
    mins: new Float32Array(width),
    maxs: new Float32Array(width),
    head: 0,
    count: 0,
    perColumn: Math.max(1, Math.round((sampleRate * WAVEFORM_SECONDS) / width)),
    columnMin: 0,
    columnMax: 0,
    columnFill: 0,
  };
}

function addToWaveform(wave, block) {
  if (!wave) {
    return;
  }
  for (let i = 0; i < block.length; i++) {
    const sample = block[i];
    if (sample < wave.columnMin) wave.columnMin = sample;
    if (sample > wave.columnMax) wave.columnMax = sample;
    if (++wave.columnFill === wave.perColumn) {
      wave.mins[wave.head] = wave.columnMin;
      wave.maxs[wave.head] = wave.columnMax;
      wave.head = (wave.head + 1) % wave.mins.length;
      wave.count = Math.min(wave.count + 1, wave.mins.length);
      wave.columnMin = 0;
      wave.columnMax = 0;
      wave.columnFill = 0;
    }
  }
}

function drawLoop() {
  drawWaveform(rec.wave);
  if (rec.capture) {
    rec.capture.frame = requestAnimationFrame(drawLoop);
  }
}

function drawWaveform(wave) {
  if (!wave) {
    return;
  }
  const { canvas, mins, maxs, head, count } = wave;
  const g = canvas.getContext('2d');
  const { width, height } = canvas;
  const middle = height / 2;
  g.clearRect(0, 0, width, height);
  g.fillStyle = wave.color;
  g.globalAlpha = 0.35;
  g.fillRect(0, Math.floor(middle), width, 1);
  g.globalAlpha = 1;
  for (let i = 0; i < count; i++) {
    const column = (head - count + i + width) % width;
    const top = middle - maxs[column] * middle;
    const bottom = middle - mins[column] * middle;
    g.fillRect(width - count + i, top, 1, Math.max(1, bottom - top));
  }
}

globalThis.cinecast ??= {};
Object.defineProperty(globalThis.cinecast, 'recorder', {
  configurable: true,
  enumerable: true,
  value: Object.freeze({
    get state() { return rec.state; },
    get seconds() { return seconds(); },
    get sampleRate() { return rec.sampleRate; },
    get samples() { return rec.samples; },
  }),
});
