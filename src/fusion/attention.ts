/**
 * Cross-modal attention between the picture and the script (eq. 3-4, 17-18, claim 4).
 *
 * Scaled dot-product attention softmax(QKᵀ/√d_k)·V (eq. 3) in both directions — picture
 * queries attending to the lines (CrossAttn(V, T)) and line queries attending to the picture
 * (CrossAttn(T, V)) — with three heads, fused as eq. 4. The attention arithmetic is the
 * classical one; the projections W_Q, W_K are NOT learned (there are no trained weights in
 * filmscore): each head is a fixed, hand-set, interpretable projection of the features below.
 *
 * Tokens
 * - Picture: one token per fusion-grid step (10 Hz): time t, visual VAD (mean of the frames in
 *   the step) and a salience s ∈ [0, 1] — the strongest nearby picture event (close-up 1.0,
 *   cut 0.8, flash 0.7, motion peak 0.6, fade/dissolve 0.4, each × its strength, spread by a
 *   Gaussian of `salienceSpread` seconds).
 * - Text: one token per timed line: its span [start, end] (centre c, half-length h), its VAD.
 *   Picture queries also see a "no line" key (value 0) so a moment far from any line can
 *   attend to nothing: the weight left for the lines is the text's presence ("mass") there.
 *
 * Time encoding (eq. 17's positional encoding, added to every head's Q and K). The time part
 * of q·k is −½·((t − c)/w)⁴ with w = h + timeWidth: a flat-topped (order-4 generalised
 * Gaussian) kernel that is ≈ 0 inside the line and falls fast outside it. It is exactly the
 * dot product of polynomial encodings of time relative to the query, φ_q(t) = [1, u, u², u³, u⁴]
 * and φ_k(c, w) = −½·[(c−t)⁴, −4(c−t)³, 6(c−t)², −4(c−t), 1]/w⁴ with u = 0 at the query, so it
 * is computed in that closed form. The "no line" key has time logit −nullLogit, so a line
 * further than w·(2·nullLogit)^¼ from a moment loses to "no line"; keys whose time logit is
 * below −maskLogit are masked (weights < e^−maskLogit ≈ 2·10⁻⁹), which makes each query local.
 *
 * Heads (content logits added to the time logit; each is a product of 1-3 projected features,
 * i.e. q·k of that head with its √d_k folded into the gain):
 * 1. proximity — time only;
 * 2. salience — picture salience: V→T: q = γ_s·s(t), k = 1 for a line, 0 for "no line" (a cut
 *    or close-up during or right after a line makes that moment attend to the line);
 *    T→V: q = γ_s, k = s(t) (a line looks at the salient moments of its span);
 * 3. agreement — emotional agreement: q = γ_e·VAD_query, k = VAD_key (the dot product).
 * W_O is the mean of the heads (each head's output has the same meaning, so averaging keeps it).
 *
 * Outputs
 * - CrossAttn(T, V) per line: the picture's VAD and salience ŝ as the line sees them. The
 *   line's weight ω = 1 + salienceBoost·ŝ: a close-up or cut during a line raises its weight
 *   (the spec's example: a close-up amplifies the emotional weight of the corresponding line).
 * - CrossAttn(V, T) per grid step: the weighted text VAD and the text mass m ∈ [0, 1].
 * - Z_t (eq. 4) = LayerNorm(α·A_t + (1−α)·B_t) in the 4-d space [v, a, d, weight], with B_t the
 *   line outputs carried back to the grid by the picture→line weights. LayerNorm (eq. 36, γ=1,
 *   β=0) removes scale, so the arc does not read Z_t: it reads the un-normalised parts — text
 *   value ȳ_t = Σ α·ω·VAD / Σ α·ω and text precision Σ α·ω (see arc.ts). Z_t is kept for
 *   inspection and tests. Eq. 18's feed-forward read-out has no trained weights to carry, so
 *   it is not applied: the Kalman filter of the arc is the read-out of the attention.
 */
import type { TimedLine, TimelineEvent, Vad } from '../model/artifacts.js';
import type { Seconds } from '../model/units.js';
import { gridIndex, type TimeGrid } from './grid.js';

export interface AttentionOptions {
  /** Seconds added to a line's half-length to give its time-kernel width w. */
  readonly timeWidth: Seconds;
  /** Time logit of the "no line" key (negated). */
  readonly nullLogit: number;
  /** Keys whose time logit is below −maskLogit are masked. */
  readonly maskLogit: number;
  /** Gain of the salience head (logit of a fully salient moment). */
  readonly salienceGain: number;
  /** Gain of the emotional-agreement head (logit per unit VAD dot product). */
  readonly agreementGain: number;
  /** Line weight ω = 1 + salienceBoost·ŝ. */
  readonly salienceBoost: number;
  /** Gaussian spread of a picture event's salience, seconds. */
  readonly salienceSpread: Seconds;
  /** α of eq. 4: share of CrossAttn(V, T) in Z_t. */
  readonly alpha: number;
}

export const DEFAULT_ATTENTION_OPTIONS: AttentionOptions = {
  timeWidth: 0.6 as Seconds,
  nullLogit: 3,
  maskLogit: 20,
  salienceGain: 3,
  agreementGain: 1,
  salienceBoost: 1,
  salienceSpread: 0.25 as Seconds,
  alpha: 0.5,
};

/** Salience of each picture event kind (hand-set): how strongly it draws the eye. */
export const EVENT_SALIENCE: Readonly<Partial<Record<TimelineEvent['kind'], number>>> = {
  'close-up': 1, cut: 0.8, flash: 0.7, 'motion-peak': 0.6, fade: 0.4, dissolve: 0.4,
};

export type HeadName = 'proximity' | 'salience' | 'agreement';
export const HEADS: readonly HeadName[] = ['proximity', 'salience', 'agreement'];

export interface LineAttention {
  /** Picture VAD as the line attends it (mean over heads). */
  readonly visualVad: Vad;
  /** Attended picture salience ŝ, 0..1. */
  readonly salience: number;
  /** ω = 1 + salienceBoost·ŝ. */
  readonly weight: number;
}

export interface CrossModalAttention {
  readonly lines: readonly LineAttention[];
  /** Per grid step: text mass m_t ∈ [0, 1] (1 − weight of "no line"), mean over heads. */
  readonly textMass: Float64Array;
  /** Per grid step: Σ_i α_ti·ω_i (text precision factor, 0..1+salienceBoost). */
  readonly textPrecision: Float64Array;
  /** Per grid step: ω-weighted text VAD the moment attends (0 where textPrecision is 0). */
  readonly textVad: { readonly v: Float64Array; readonly a: Float64Array; readonly d: Float64Array };
  /** Per grid step: picture salience s_t. */
  readonly salience: Float64Array;
  /** Z_t of eq. 4, 4 values per grid step [v, a, d, weight], row-major. */
  readonly fused: Float64Array;
  /** Picture→line attention weight of grid step k to line i, mean over heads (0 when masked). */
  weight(k: number, line: number): number;
  /** The same for one head. */
  headWeight(head: HeadName, k: number, line: number): number;
}

/** Per-grid-step picture salience from picture events (max of Gaussian bumps). */
export function pictureSalience(grid: TimeGrid, events: readonly TimelineEvent[], spread: Seconds): Float64Array {
  const s = new Float64Array(grid.n);
  const reach = Math.ceil((3 * spread) / grid.step);
  for (const e of events) {
    const w = EVENT_SALIENCE[e.kind];
    if (w === undefined) continue;
    const k0 = gridIndex(grid, e.t);
    for (let k = Math.max(0, k0 - reach); k <= Math.min(grid.n - 1, k0 + reach); k++) {
      const dt = grid.t[k]! - e.t;
      const v = w * clamp01(e.strength) * Math.exp(-(dt * dt) / (2 * spread * spread));
      if (v > s[k]!) s[k] = v;
    }
  }
  return s;
}

/** Time logit −½((t − c)/w)⁴ (the dot product of the polynomial time encodings). */
function timeLogit(t: number, c: number, w: number): number {
  const u = (t - c) / w;
  const u2 = u * u;
  return -0.5 * u2 * u2;
}

/** The grid-step average of per-frame visual VAD (held from the last step with frames). */
export function gridVisualVad(grid: TimeGrid, visualVad: readonly (Vad & { t: number })[]): { v: Float64Array; a: Float64Array; d: Float64Array; has: Uint8Array } {
  const v = new Float64Array(grid.n), a = new Float64Array(grid.n), d = new Float64Array(grid.n), c = new Float64Array(grid.n);
  for (const s of visualVad) {
    const k = gridIndex(grid, s.t);
    v[k]! += s.v; a[k]! += s.a; d[k]! += s.d; c[k]! += 1;
  }
  const has = new Uint8Array(grid.n);
  let last = -1;
  for (let k = 0; k < grid.n; k++) {
    if (c[k]! > 0) { v[k]! /= c[k]!; a[k]! /= c[k]!; d[k]! /= c[k]!; has[k] = 1; last = k; }
    else if (last >= 0) { v[k] = v[last]!; a[k] = a[last]!; d[k] = d[last]!; }
  }
  return { v, a, d, has };
}

/**
 * Run both attention directions and fuse them (eq. 3-4). Pure and deterministic; local
 * attention keeps it O(grid steps × lines per window).
 */
export function crossModalAttention(
  grid: TimeGrid,
  lines: readonly TimedLine[],
  visualVad: readonly (Vad & { t: number })[],
  visualEvents: readonly TimelineEvent[],
  options: Partial<AttentionOptions> = {},
): CrossModalAttention {
  const o = { ...DEFAULT_ATTENTION_OPTIONS, ...options };
  const n = grid.n, m = lines.length, H = HEADS.length;
  const sal = pictureSalience(grid, visualEvents, o.salienceSpread);
  const vis = gridVisualVad(grid, visualVad);
  const centre = lines.map((l) => (l.start + l.end) / 2);
  const width = lines.map((l) => Math.max(0, (l.end - l.start) / 2) + o.timeWidth);
  // Reach of each line: |t − c| beyond which the time logit is below −maskLogit.
  const reachK = width.map((w) => Math.ceil((w * Math.pow(2 * o.maskLogit, 0.25)) / grid.step));

  // ---- CrossAttn(T, V): each line queries the picture tokens in its reach.
  const lineOut: LineAttention[] = [];
  for (let i = 0; i < m; i++) {
    const L = lines[i]!;
    const kc = gridIndex(grid, centre[i]!);
    const k0 = Math.max(0, kc - reachK[i]!), k1 = Math.min(n - 1, kc + reachK[i]!);
    const acc = [0, 0, 0, 0]; // v, a, d, salience (summed over heads)
    for (let h = 0; h < H; h++) {
      const head = HEADS[h]!;
      const logits: number[] = [];
      let max = -Infinity;
      for (let k = k0; k <= k1; k++) {
        let z = timeLogit(grid.t[k]!, centre[i]!, width[i]!);
        if (z < -o.maskLogit) { logits.push(-Infinity); continue; }
        if (head === 'salience') z += o.salienceGain * sal[k]!;
        else if (head === 'agreement') z += o.agreementGain * (L.vad.v * vis.v[k]! + L.vad.a * vis.a[k]! + L.vad.d * vis.d[k]!);
        logits.push(z);
        if (z > max) max = z;
      }
      if (max === -Infinity) continue;
      let sum = 0;
      const wts = logits.map((z) => { const e = z === -Infinity ? 0 : Math.exp(z - max); sum += e; return e; });
      for (let k = k0, j = 0; k <= k1; k++, j++) {
        const w = wts[j]! / sum;
        acc[0]! += w * vis.v[k]!; acc[1]! += w * vis.a[k]!; acc[2]! += w * vis.d[k]!; acc[3]! += w * sal[k]!;
      }
    }
    const salience = clamp01(acc[3]! / H);
    lineOut.push({ visualVad: { v: acc[0]! / H, a: acc[1]! / H, d: acc[2]! / H }, salience, weight: 1 + o.salienceBoost * salience });
  }

  // ---- CrossAttn(V, T): each grid step queries the lines whose reach covers it, plus "no line".
  const candidates: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < m; i++) {
    const kc = gridIndex(grid, centre[i]!);
    for (let k = Math.max(0, kc - reachK[i]!); k <= Math.min(n - 1, kc + reachK[i]!); k++) candidates[k]!.push(i);
  }
  // Per step and head: weights over its candidate lines (the rest goes to "no line").
  const headWeights: Float64Array[][] = HEADS.map(() => candidates.map((c) => new Float64Array(c.length)));
  const textMass = new Float64Array(n), textPrecision = new Float64Array(n);
  const tv = new Float64Array(n), ta = new Float64Array(n), td = new Float64Array(n);
  const fused = new Float64Array(n * 4);
  for (let k = 0; k < n; k++) {
    const cand = candidates[k]!;
    const t = grid.t[k]!;
    let mass = 0, prec = 0, yv = 0, ya = 0, yd = 0;
    const lineMix = new Float64Array(cand.length); // mean-over-heads weights, for B carried to the grid
    for (let h = 0; h < H; h++) {
      const head = HEADS[h]!;
      const z = new Float64Array(cand.length);
      let max = -o.nullLogit; // the "no line" key
      for (let j = 0; j < cand.length; j++) {
        const i = cand[j]!, L = lines[i]!;
        let x = timeLogit(t, centre[i]!, width[i]!);
        if (x < -o.maskLogit) { z[j] = -Infinity; continue; }
        if (head === 'salience') x += o.salienceGain * sal[k]!;
        else if (head === 'agreement') x += o.agreementGain * (vis.v[k]! * L.vad.v + vis.a[k]! * L.vad.a + vis.d[k]! * L.vad.d);
        z[j] = x;
        if (x > max) max = x;
      }
      let sum = Math.exp(-o.nullLogit - max);
      for (let j = 0; j < cand.length; j++) sum += z[j] === -Infinity ? 0 : Math.exp(z[j]! - max);
      const hw = headWeights[h]![k]!;
      for (let j = 0; j < cand.length; j++) {
        const w = z[j] === -Infinity ? 0 : Math.exp(z[j]! - max) / sum;
        hw[j] = w;
        lineMix[j]! += w / H;
      }
    }
    for (let j = 0; j < cand.length; j++) {
      const i = cand[j]!, L = lines[i]!, w = lineMix[j]!, om = lineOut[i]!.weight;
      mass += w;
      prec += w * om;
      yv += w * om * L.vad.v; ya += w * om * L.vad.a; yd += w * om * L.vad.d;
    }
    textMass[k] = Math.min(1, mass);
    textPrecision[k] = prec;
    if (prec > 0) { tv[k] = yv / prec; ta[k] = ya / prec; td[k] = yd / prec; }
    // eq. 4: A_t = Σ α·[VAD_i, 1]; B_t = Σ α·[visualVad_i, ŝ_i] (the lines' view of the picture, carried back).
    const A = [0, 0, 0, 0], B = [0, 0, 0, 0];
    for (let j = 0; j < cand.length; j++) {
      const i = cand[j]!, w = lineMix[j]!, L = lines[i]!, lo = lineOut[i]!;
      A[0]! += w * L.vad.v; A[1]! += w * L.vad.a; A[2]! += w * L.vad.d; A[3]! += w;
      B[0]! += w * lo.visualVad.v; B[1]! += w * lo.visualVad.a; B[2]! += w * lo.visualVad.d; B[3]! += w * lo.salience;
    }
    const z4 = layerNorm(A.map((x, q) => o.alpha * x + (1 - o.alpha) * B[q]!));
    fused.set(z4, k * 4);
  }

  const find = (k: number, line: number): number => candidates[k]?.indexOf(line) ?? -1;
  return {
    lines: lineOut,
    textMass,
    textPrecision,
    textVad: { v: tv, a: ta, d: td },
    salience: sal,
    fused,
    weight(k, line) {
      const j = find(k, line);
      if (j < 0) return 0;
      let s = 0;
      for (let h = 0; h < H; h++) s += headWeights[h]![k]![j]!;
      return s / H;
    },
    headWeight(head, k, line) {
      const j = find(k, line);
      return j < 0 ? 0 : headWeights[HEADS.indexOf(head)]![k]![j]!;
    },
  };
}

/** Layer normalisation (eq. 36) with γ = 1, β = 0, ε = 1e-5. */
export function layerNorm(x: readonly number[], eps = 1e-5): number[] {
  const mu = x.reduce((s, v) => s + v, 0) / x.length;
  const varc = x.reduce((s, v) => s + (v - mu) ** 2, 0) / x.length;
  return x.map((v) => (v - mu) / Math.sqrt(varc + eps));
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
