/**
 * A small multilayer perceptron (one hidden layer of rectified linear units, linear outputs) for
 * the text-emotion model, trained by minibatch Adam on squared error with dropout on the hidden
 * layer and L2 weight decay. Deterministic: weights drawn from a seeded PRNG (mulberry32 +
 * Box–Muller), minibatch order from a seeded Fisher–Yates shuffle, so the same inputs and seed
 * give the same network.
 */
import { mulberry32 } from '../../../util/rng.js';

/** A trained network: hidden = relu(W1·x + b1), output = W2·hidden + b2 (row-major matrices). */
export interface Mlp {
  readonly inputs: number;
  readonly hidden: number;
  readonly outputs: number;
  readonly w1: Float64Array;
  readonly b1: Float64Array;
  readonly w2: Float64Array;
  readonly b2: Float64Array;
}

export interface MlpOptions {
  readonly hidden: number;
  readonly epochs: number;
  readonly learningRate: number;
  readonly batch: number;
  /** L2 weight decay on W1 and W2 (added to the gradient). */
  readonly weightDecay: number;
  /** Probability of dropping a hidden unit during training (inverted dropout). */
  readonly dropout: number;
  readonly seed: number;
}

/** Hidden-layer activations (before the output layer) of one input. */
export function mlpHidden(net: Mlp, x: ArrayLike<number>, out: Float64Array = new Float64Array(net.hidden)): Float64Array {
  const { inputs: p, hidden: h, w1, b1 } = net;
  for (let u = 0; u < h; u++) {
    let s = b1[u];
    const o = u * p;
    for (let j = 0; j < p; j++) s += w1[o + j] * x[j];
    out[u] = s > 0 ? s : 0;
  }
  return out;
}

/** The network's outputs for one input. */
export function mlpPredict(net: Mlp, x: ArrayLike<number>): number[] {
  const a = mlpHidden(net, x);
  const out: number[] = [];
  for (let c = 0; c < net.outputs; c++) {
    let s = net.b2[c];
    for (let u = 0; u < net.hidden; u++) s += net.w2[c * net.hidden + u] * a[u];
    out.push(s);
  }
  return out;
}

/**
 * Trains a network on inputs X and targets Y (rows in the order given). onEpoch, when given, is
 * called after each epoch with the epoch count so far and the current network.
 */
export function trainMlp(
  X: readonly Float64Array[],
  Y: readonly number[][],
  o: MlpOptions,
  onEpoch?: (epochs: number, net: Mlp) => void,
): Mlp {
  const n = X.length;
  const p = X[0].length;
  const k = Y[0].length;
  const h = o.hidden;
  const rand = mulberry32(o.seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
  const net: Mlp = { inputs: p, hidden: h, outputs: k, w1: new Float64Array(h * p), b1: new Float64Array(h), w2: new Float64Array(k * h), b2: new Float64Array(k) };
  const s1 = Math.sqrt(2 / p);
  const s2 = 0.1 * Math.sqrt(1 / h);
  for (let i = 0; i < net.w1.length; i++) net.w1[i] = gauss() * s1;
  for (let i = 0; i < net.w2.length; i++) net.w2[i] = gauss() * s2;
  const params = [net.w1, net.b1, net.w2, net.b2];
  const decays = [o.weightDecay, 0, o.weightDecay, 0];
  const grads = params.map((a) => new Float64Array(a.length));
  const m1 = params.map((a) => new Float64Array(a.length));
  const m2 = params.map((a) => new Float64Array(a.length));
  const order = Array.from({ length: n }, (_, i) => i);
  const z = new Float64Array(h);
  const act = new Float64Array(h);
  const keep = new Float64Array(h);
  const dz = new Float64Array(h);
  const err = new Float64Array(k);
  const [gw1, gb1, gw2, gb2] = grads;
  let step = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (let start = 0; start < n; start += o.batch) {
      const end = Math.min(n, start + o.batch);
      for (const g of grads) g.fill(0);
      for (let b = start; b < end; b++) {
        const r = order[b];
        const x = X[r];
        for (let u = 0; u < h; u++) {
          let s = net.b1[u];
          const off = u * p;
          for (let j = 0; j < p; j++) s += net.w1[off + j] * x[j];
          z[u] = s;
          keep[u] = o.dropout > 0 ? (rand() >= o.dropout ? 1 / (1 - o.dropout) : 0) : 1;
          act[u] = s > 0 ? s * keep[u] : 0;
        }
        for (let c = 0; c < k; c++) {
          let s = net.b2[c];
          for (let u = 0; u < h; u++) s += net.w2[c * h + u] * act[u];
          err[c] = s - Y[r][c];
        }
        dz.fill(0);
        for (let c = 0; c < k; c++) {
          const e = err[c];
          gb2[c] += e;
          for (let u = 0; u < h; u++) {
            gw2[c * h + u] += e * act[u];
            dz[u] += e * net.w2[c * h + u];
          }
        }
        for (let u = 0; u < h; u++) {
          if (z[u] <= 0 || keep[u] === 0) continue;
          const d = dz[u] * keep[u];
          gb1[u] += d;
          const off = u * p;
          for (let j = 0; j < p; j++) gw1[off + j] += d * x[j];
        }
      }
      step++;
      const size = end - start;
      const c1 = 1 - 0.9 ** step;
      const c2 = 1 - 0.999 ** step;
      for (let q = 0; q < params.length; q++) {
        const P = params[q];
        const G = grads[q];
        const M = m1[q];
        const V = m2[q];
        for (let i = 0; i < P.length; i++) {
          const g = G[i] / size + decays[q] * P[i];
          M[i] = 0.9 * M[i] + 0.1 * g;
          V[i] = 0.999 * V[i] + 0.001 * g * g;
          P[i] -= (o.learningRate * (M[i] / c1)) / (Math.sqrt(V[i] / c2) + 1e-8);
        }
      }
    }
    onEpoch?.(epoch + 1, net);
  }
  return net;
}
