/**
 * Second-order IIR sections ("biquads") with the classical RBJ Audio-EQ-Cookbook coefficient
 * formulas (R. Bristow-Johnson), normalised so a0 = 1, and one direct-form-I runner. Shared by
 * the speech detector's band limits, the per-stem EQ and the 5.1 LFE low-pass.
 */

/** b0, b1, b2, a1, a2 (a0 normalised to 1). */
export type BiquadCoefficients = readonly [number, number, number, number, number];

/** RBJ low-pass at `f0` Hz; Q 1/√2 is a 2nd-order Butterworth. */
export function rbjLowPass(f0: number, rate: number, q = Math.SQRT1_2): BiquadCoefficients {
  const w = (2 * Math.PI * f0) / rate, c = Math.cos(w), alpha = Math.sin(w) / (2 * q);
  const a0 = 1 + alpha;
  return [(1 - c) / 2 / a0, (1 - c) / a0, (1 - c) / 2 / a0, (-2 * c) / a0, (1 - alpha) / a0];
}

/** RBJ high-pass at `f0` Hz; Q 1/√2 is a 2nd-order Butterworth. */
export function rbjHighPass(f0: number, rate: number, q = Math.SQRT1_2): BiquadCoefficients {
  const w = (2 * Math.PI * f0) / rate, c = Math.cos(w), alpha = Math.sin(w) / (2 * q);
  const a0 = 1 + alpha;
  return [(1 + c) / 2 / a0, -(1 + c) / a0, (1 + c) / 2 / a0, (-2 * c) / a0, (1 - alpha) / a0];
}

/** RBJ high shelf at `f0` Hz, `gainDb` above it, shelf slope S = 1. */
export function rbjHighShelf(f0: number, gainDb: number, rate: number): BiquadCoefficients {
  const A = Math.pow(10, gainDb / 40), w = (2 * Math.PI * f0) / rate, c = Math.cos(w);
  const sq = 2 * Math.sqrt(A) * ((Math.sin(w) / 2) * Math.SQRT2);
  const a0 = (A + 1) - (A - 1) * c + sq;
  return [
    (A * ((A + 1) + (A - 1) * c + sq)) / a0,
    (-2 * A * ((A - 1) + (A + 1) * c)) / a0,
    (A * ((A + 1) + (A - 1) * c - sq)) / a0,
    (2 * ((A - 1) - (A + 1) * c)) / a0,
    ((A + 1) - (A - 1) * c - sq) / a0,
  ];
}

/** Filters `x` through one biquad (direct form I, zero initial state) into a new array. */
export function runBiquad(x: Float32Array, c: BiquadCoefficients, y: Float32Array = new Float32Array(x.length)): Float32Array {
  const [b0, b1, b2, a1, a2] = c;
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const v = b0 * xi + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1; x1 = xi; y2 = y1; y1 = v; y[i] = v;
  }
  return y;
}
