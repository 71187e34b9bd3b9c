/**
 * Discrete emotion (anger, fear, joy, sadness, surprise, disgust, neutral) from a learned VAD
 * estimate plus cue words — a classical rule, not a learned classifier.
 *
 * The VAD point is first put in standard units of the training ratings (EmoBank's ratings are
 * compressed: one standard deviation of valence is about 0.17 on the [-1, 1] scale). Each label
 * has a hand-placed prototype in those units (neutral at the origin); its logit is −½·distance²
 * plus 1.5 per cue word of that label in the line (at most 2). The label is the argmax and the
 * score its softmax probability, in [0, 1].
 */
import type { EmotionLabel, Vad } from '../../../model/artifacts.js';

const PROTOTYPES: readonly (readonly [EmotionLabel, number, number, number])[] = [
  ['neutral', 0, 0, 0],
  ['joy', 1.6, 0.6, 0.5],
  ['anger', -1.4, 1.6, 1.0],
  ['fear', -1.4, 1.6, -1.0],
  ['sadness', -1.6, -0.8, -0.9],
  ['surprise', 0.2, 2.0, -0.4],
  ['disgust', -1.6, 0.6, 0.6],
];

const CUES: Readonly<Record<string, EmotionLabel>> = {};
const CUE_LISTS: Readonly<Record<Exclude<EmotionLabel, 'neutral'>, string>> = {
  anger: 'angry anger furious hate hated bastard damn damned idiot liar rage shut kill bitch stupid get how dare enough',
  fear: 'afraid scared fear frightened terrified help hide run danger careful please panic trap monster dying behind',
  joy: 'happy love loved glad wonderful great beautiful thank thanks yes laugh fun perfect amazing congratulations welcome',
  sadness: 'sad sorry miss missed alone lonely cry crying tears dead died death lost goodbye grief funeral gone',
  surprise: 'wow really surprise surprised unbelievable suddenly whoa incredible impossible what',
  disgust: 'disgusting gross sick filthy ugh vile nasty revolting rotten stinks creep pathetic',
};
for (const [label, words] of Object.entries(CUE_LISTS)) for (const word of words.split(' ')) (CUES as Record<string, EmotionLabel>)[word] ??= label as EmotionLabel;

/** The label and its probability for a VAD point and the line's lower-case tokens. */
export function emotionFromVad(
  vad: Vad,
  tokens: readonly string[],
  targetSd: readonly [number, number, number],
): { label: EmotionLabel; score: number } {
  const z = [vad.v / targetSd[0], vad.a / targetSd[1], vad.d / targetSd[2]];
  const cues = new Map<EmotionLabel, number>();
  for (const t of tokens) {
    const label = CUES[t];
    if (label) cues.set(label, Math.min(2, (cues.get(label) ?? 0) + 1));
  }
  const logits = PROTOTYPES.map(([label, v, a, d]) => {
    const dist2 = (z[0] - v) ** 2 + (z[1] - a) ** 2 + 0.5 * (z[2] - d) ** 2;
    return -0.5 * dist2 + 1.5 * (cues.get(label) ?? 0);
  });
  const max = Math.max(...logits);
  let sum = 0;
  for (const l of logits) sum += Math.exp(l - max);
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
  return { label: PROTOTYPES[best][0], score: Math.round((1 / sum) * 1000) / 1000 };
}
