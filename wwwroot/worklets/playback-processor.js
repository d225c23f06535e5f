// Streamed speech playback. A jitter buffer of mono samples at the stream's rate (24 kHz), resampled to the
// context rate with a Kaiser-windowed sinc, started after a pre-roll, with fades so starting, stopping and
// running dry do not click, and counters reported to the main thread.
//
// Messages in:  { type: 'pcm', samples: Float32Array } | { type: 'end' } | { type: 'stop' }
// Messages out: { type: 'stats' | 'drained' | 'stopped', state, samplesPlayed, underruns, buffered }
//               (samples counted at the stream's rate, so they compare with what was received)

const HALF = 16; // taps on each side of the interpolation point
const TAPS = 2 * HALF;
const PHASES = 256; // tabulated sub-sample positions; positions in between are interpolated
const KAISER_BETA = 7; // ≈ 70 dB stop band
const PASS = 0.9; // cut-off as a fraction of the lower Nyquist frequency

function besselI0(x) {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 30; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

// Row p holds the taps for a point p/PHASES of a sample past x[i]; tap k weighs x[i + k - HALF + 1].
function sincTable(cutoff) {
  const table = new Float32Array((PHASES + 1) * TAPS);
  const norm = besselI0(KAISER_BETA);
  for (let p = 0; p <= PHASES; p++) {
    const fraction = p / PHASES;
    let sum = 0;
    for (let k = 0; k < TAPS; k++) {
      const t = fraction - (k - HALF + 1);
      const x = cutoff * t;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const edge = t / HALF;
      const window = Math.abs(edge) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - edge * edge)) / norm;
      const tap = cutoff * sinc * window;
      table[p * TAPS + k] = tap;
      sum += tap;
    }
    for (let k = 0; k < TAPS; k++) {
      table[p * TAPS + k] /= sum; // unity gain at DC for every phase
    }
  }
  return table;
}

class PlaybackProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const settings = options.processorOptions ?? {};
    const inputRate = settings.inputRate ?? 24000;
    this.step = inputRate / sampleRate;
    this.table = sincTable(PASS * Math.min(1, sampleRate / inputRate));
    this.preRoll = Math.round(inputRate * (settings.preRollSeconds ?? 0.1));
    this.fadeInStep = 1 / Math.max(1, sampleRate * (settings.fadeInSeconds ?? 0.01));
    this.fadeOutStep = 1 / Math.max(1, sampleRate * (settings.fadeOutSeconds ?? 0.015));
    this.reportFrames = Math.round(sampleRate * (settings.reportSeconds ?? 0.1));

    // Leading zeros give the interpolator its history before the first sample (and a soft start).
    this.buffer = new Float32Array(inputRate * 4);
    this.length = HALF;
    this.position = HALF; // read position in the buffer, in input samples
    this.dropped = 0; // samples compacted away from the front
    this.received = 0;
    this.end = -1; // buffer index just past the last real sample, once the stream has ended
    this.state = 'buffering'; // buffering | playing | stopping | done
    this.gain = 0;
    this.underruns = 0;
    this.sinceReport = 0;
    this.port.onmessage = (event) => this.receive(event.data);
  }

  receive(message) {
    if (this.state === 'done') {
      return;
    }
    switch (message.type) {
      case 'pcm':
        if (this.end < 0) {
          this.append(message.samples);
          this.received += message.samples.length;
        }
        break;
      case 'end':
        if (this.end < 0) {
          this.end = this.length;
          this.append(new Float32Array(HALF)); // trailing zeros let the last samples through the filter
        }
        break;
      case 'stop':
        if (this.state === 'playing') {
          this.state = 'stopping';
        } else if (this.state === 'buffering') {
          this.finish('stopped');
        }
        break;
    }
  }

  append(samples) {
    if (this.length + samples.length > this.buffer.length) {
      const drop = Math.max(0, Math.floor(this.position) - HALF);
      this.buffer.copyWithin(0, drop, this.length);
      this.length -= drop;
      this.position -= drop;
      this.dropped += drop;
      if (this.end >= 0) {
        this.end -= drop;
      }
      if (this.length + samples.length > this.buffer.length) {
        const grown = new Float32Array(Math.max(this.buffer.length * 2, this.length + samples.length));
        grown.set(this.buffer.subarray(0, this.length));
        this.buffer = grown;
      }
    }
    this.buffer.set(samples, this.length);
    this.length += samples.length;
  }

  ahead() {
    return (this.end >= 0 ? this.end : this.length - HALF) - this.position;
  }

  process(inputs, outputs) {
    const out = outputs[0][0];
    if (this.state === 'done') {
      return false;
    }
    for (let n = 0; n < out.length; n++) {
      if (this.state === 'buffering') {
        if (this.end >= 0 || this.ahead() >= this.preRoll) {
          this.state = 'playing';
          this.gain = 0;
          this.report('stats');
        } else {
          out[n] = 0;
          continue;
        }
      }
      if (this.ahead() <= 0) {
        if (this.end >= 0) {
          out.fill(0, n);
          this.finish('drained');
          return false;
        }
        this.underruns++; // one per dry episode: playback waits for a fresh pre-roll before resuming
        this.state = 'buffering';
        this.report('stats');
        out[n] = 0;
        continue;
      }
      out[n] = this.interpolate() * this.gain;
      this.position += this.step;
      if (this.state === 'stopping') {
        this.gain -= this.fadeOutStep;
        if (this.gain <= 0) {
          out.fill(0, n + 1);
          this.finish('stopped');
          return false;
        }
      } else if (this.gain < 1) {
        this.gain = Math.min(1, this.gain + this.fadeInStep);
      }
    }
    this.sinceReport += out.length;
    if (this.sinceReport >= this.reportFrames) {
      this.report('stats');
    }
    return true;
  }

  interpolate() {
    const index = Math.floor(this.position);
    const phase = (this.position - index) * PHASES;
    const row = Math.floor(phase);
    const blend = phase - row;
    const a = row * TAPS;
    const b = a + TAPS;
    const table = this.table;
    const buffer = this.buffer;
    const first = index - HALF + 1;
    let sum = 0;
    for (let k = 0; k < TAPS; k++) {
      const tap = table[a + k] + (table[b + k] - table[a + k]) * blend;
      sum += buffer[first + k] * tap;
    }
    return sum;
  }

  finish(type) {
    this.state = 'done';
    this.length = HALF;
    this.report(type);
  }

  report(type) {
    this.sinceReport = 0;
    const played = Math.min(this.received, Math.max(0, Math.floor(this.dropped + this.position - HALF)));
    this.port.postMessage({
      type,
      state: this.state,
      samplesPlayed: played,
      underruns: this.underruns,
      buffered: Math.max(0, Math.round(this.ahead())),
    });
  }
}

registerProcessor('cinecast-playback', PlaybackProcessor);
