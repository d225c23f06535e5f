// Microphone capture: mono (channels averaged) float blocks to the main thread, batched so a 48 kHz
// stream costs ~23 messages a second instead of 375, with the batch's peak and RMS for the level meter.
const BATCH = 2048;

class CaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.block = new Float32Array(BATCH);
    this.filled = 0;
    this.peak = 0;
    this.squares = 0;
  }

  process(inputs) {
    const channels = inputs[0];
    if (channels && channels.length > 0) {
      const frames = channels[0].length;
      const count = channels.length;
      for (let i = 0; i < frames; i++) {
        let sum = 0;
        for (let c = 0; c < count; c++) {
          sum += channels[c][i];
        }
        const sample = sum / count;
        this.block[this.filled++] = sample;
        const magnitude = Math.abs(sample);
        if (magnitude > this.peak) {
          this.peak = magnitude;
        }
        this.squares += sample * sample;
        if (this.filled === BATCH) {
          this.flush();
        }
      }
    }
    return true;
  }

  flush() {
    const samples = this.block;
    const rms = Math.sqrt(this.squares / BATCH);
    this.port.postMessage({ type: 'samples', samples, peak: this.peak, rms }, [samples.buffer]);
    this.block = new Float32Array(BATCH);
    this.filled = 0;
    this.peak = 0;
    this.squares = 0;
  }
}

registerProcessor('cinecast-capture', CaptureProcessor);
