/**
 * Script insights over the whole placed script (issue 3): narrative beats, characters and
 * recurring themes/objects with every time they appear (the input to leitmotifs), genre and
 * setting indicators, and how the lines got their times. Classical rules and word tables; the
 * noun lemmas for themes come from wink-nlp's English lite model (POS tagger + lemmatiser).
 *
 * Beats (eq. 16's story structure, by rule): the tension of each line is
 *   τ = 0.6·a + 0.4·(−v) of its VAD, smoothed over ±2 lines, plus a bonus for beat cue words.
 * - climax: the line of highest tension + 0.15 for a climax cue word (explodes, kills, final,
 *   confront, screams, …) + a prior for lateness (0.2 · position, +0.05 in the second half);
 * - inciting incident: in the first 40 % before the climax, the first line that holds an
 *   inciting cue word (suddenly, phone rings, letter, arrives, disappears, murdered, …), else
 *   the first where tension jumps ≥ 0.15 above the opening level, else the line at 15 %;
 * - rising action: the steepest rise of tension between the inciting incident and the climax;
 * - falling action: the steepest fall after the climax;
 * - resolution: after the falling action, the first line with a resolution cue word (finally,
 *   together, home, goodbye, the end, fade out, …), else the first line from which tension
 *   stays at or below its median, else the last line.
 * Beats need at least 4 story lines with distinct times (lines sharing a window count once);
 * fewer gives no beats. Each beat's strength is in [0, 1]; `reason` says what placed it.
 *
 * Characters: the speakers (extensions like "(V.O.)" already removed by the readers), with a
 * mention for every line they speak (speaks: true) and every other line that names them
 * (speaks: false). Themes: noun lemmas (nouns and proper nouns, not speakers' names, not stop words) in ≥ 2 lines
 * (≥ 3 when the script has 40+ lines), the 8 most frequent, each with every line they occur in.
 * Genres: word tables (gunfire → action, wedding → romance …), ordered by hits, ≥ 1 hit.
 * Settings: INT/EXT, DAY/NIGHT/… and places from scene headings, plus setting words in the text.
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Mention, NarrativeBeat, Recurring, ScriptInsights, TimedLine } from '../../model/artifacts.js';
import { STOP_WORDS } from './lexicon-data.js';

export type AlignmentMethod = ScriptInsights['alignment']['method'];

let nlpInstance: ReturnType<typeof winkNLP> | undefined;
function nlp(): ReturnType<typeof winkNLP> {
  nlpInstance ??= winkNLP(model);
  return nlpInstance;
}

const STOP = new Set(STOP_WORDS);

const INCITING = /\b(?:suddenly|all of a sudden|phone rings|rings|letter|telegram|arrives?|appears?|disappears?|vanish(?:es|ed)?|missing|murder(?:ed)?|dead|body|kidnapp?(?:ed)?|attack(?:s|ed)?|explosion|but then|news|discovers?|finds?|message|alarm)\b/i;
const CLIMAX = /\b(?:explodes?|explosion|kills?|killed|shoots?|fires?|final|finally faces|confront(?:s|ation)?|screams?|crash(?:es)?|collapses?|fight|battle|showdown|now or never|run!|die)\b/i;
const RESOLUTION = /\b(?:finally|together|home|goodbye|farewell|peace|safe now|it'?s over|the end|fade out|fades? to black|sunrise|dawn|smiles?|embrace|hugs?)\b/i;

const GENRES: Readonly<Record<string, RegExp>> = {
  action: /\b(?:gun(?:fire|shot|s)?|shoot(?:s|ing|out)?|explo(?:des?|sion|sive)|chase|crash(?:es)?|fight(?:s|ing)?|punch(?:es)?|bullets?|car chase|speeds?)\b/gi,
  thriller: /\b(?:murder(?:er|ed)?|police|detective|knife|killer|hostage|spy|bomb|suspect|kidnap\w*|cops?)\b/gi,
  horror: /\b(?:monster|ghost|demon|blood(?:y)?|scream(?:s|ing)?|corpse|haunted|creature|zombie|possessed)\b/gi,
  romance: /\b(?:wedding|kiss(?:es|ed)?|marry|married|love|darling|romance|date|bride|groom|honey)\b/gi,
  comedy: /\b(?:laugh(?:s|ing)?|joke|funny|hilarious|silly|giggles?)\b/gi,
  war: /\b(?:soldiers?|battle(?:field)?|army|tanks?|troops|war|trench|sergeant|general)\b/gi,
  'science fiction': /\b(?:robot|spaceship|planet|laser|cyber\w*|android|alien|galaxy|starship|ai)\b/gi,
  fantasy: /\b(?:dragon|magic|wizard|sword|kingdom|spell|witch|elf|castle|gatekeepers?)\b/gi,
  western: /\b(?:sheriff|saloon|horse|cowboy|outlaw|ranch|revolver)\b/gi,
  drama: /\b(?:family|mother|father|hospital|funeral|divorce|sorry|forgive)\b/gi,
};

const SETTING_WORDS = /\b(?:night|day|dawn|dusk|sunset|sunrise|morning|evening|rain(?:ing)?|storm|snow(?:ing)?|fog|forest|city|desert|sea|ocean|beach|street|mountains?|space|underwater|kitchen|office|car|train|station|church|hospital|bar|school|park)\b/gi;
const TIMES_OF_DAY = ['DAY', 'NIGHT', 'DAWN', 'DUSK', 'MORNING', 'EVENING', 'AFTERNOON', 'SUNSET', 'SUNRISE', 'CONTINUOUS', 'LATER', 'MOMENTS LATER'];

const clamp01 = (x: number): number => Math.max(0, Math.min(1, x));
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Builds the insights for placed, scored lines. */
export function scriptInsights(lines: readonly TimedLine[], alignment: { method: AlignmentMethod; confidence: number }): ScriptInsights {
  return {
    beats: narrativeBeats(lines),
    characters: characters(lines),
    themes: themes(lines),
    genres: genres(lines),
    settings: settings(lines),
    alignment: { method: alignment.method, confidence: round3(clamp01(alignment.confidence)) },
  };
}

// ------------------------------------------------------------------ beats

export function narrativeBeats(lines: readonly TimedLine[]): NarrativeBeat[] {
  // Story lines, one per start time (a parenthetical or dual line shares its speech's window:
  // the most tense line of the window stands for it).
  const story: TimedLine[] = [];
  const tense = (l: TimedLine): number => 0.6 * l.vad.a + 0.4 * -l.vad.v;
  for (const l of lines) {
    if ((l.kind === 'heading' || l.kind === 'transition') && !RESOLUTION.test(l.text)) continue;
    const prev = story[story.length - 1];
    if (prev && prev.start === l.start) {
      if (tense(l) > tense(prev)) story[story.length - 1] = l;
    } else story.push(l);
  }
  if (story.length < 4) return [];
  const n = story.length;
  const raw = story.map(tense);
  const tension = raw.map((_, i) => {
    let s = 0, w = 0;
    for (let k = Math.max(0, i - 2); k <= Math.min(n - 1, i + 2); k++) {
      const wk = 3 - Math.abs(k - i);
      s += raw[k]! * wk;
      w += wk;
    }
    return s / w;
  });
  const beat = (i: number, kind: NarrativeBeat['kind'], strength: number, reason: string): NarrativeBeat => ({
    t: story[i]!.start,
    kind,
    strength: round3(clamp01(strength)),
    reason,
  });
  const cueAt = (re: RegExp, i: number): string | undefined => re.exec(story[i]!.text)?.[0];

  // climax
  let climax = -1, best = -Infinity;
  const half = Math.floor(n / 2);
  for (let i = 0; i < n; i++) {
    const score = tension[i]! + (cueAt(CLIMAX, i) ? 0.15 : 0) + 0.2 * (i / (n - 1)) + (i >= half ? 0.05 : 0);
    if (score > best) { best = score; climax = i; }
  }
  if (climax < 2) climax = Math.min(n - 2, Math.max(2, climax)); // leave room before it
  const climaxWord = cueAt(CLIMAX, climax);
  const opening = tension.slice(0, Math.max(1, Math.ceil(n * 0.15))).reduce((s, x) => s + x, 0) / Math.max(1, Math.ceil(n * 0.15));
  const lo = Math.min(...tension), hi = Math.max(...tension);
  const span = Math.max(1e-6, hi - lo);

  // inciting incident
  let inciting = -1;
  let incitingReason = '';
  const limit = Math.min(climax - 1, Math.max(1, Math.floor(n * 0.4)));
  for (let i = 0; i <= limit && inciting < 0; i++) {
    const w = cueAt(INCITING, i);
    if (w) { inciting = i; incitingReason = `cue word "${w}"`; }
  }
  for (let i = 1; i <= limit && inciting < 0; i++) {
    if (tension[i]! - opening >= 0.15) { inciting = i; incitingReason = `tension rises ${round3(tension[i]! - opening)} above the opening`; }
  }
  if (inciting < 0) { inciting = Math.min(limit, Math.max(0, Math.round(n * 0.15))); incitingReason = 'position (15 % of the script): no cue word or tension jump'; }

  // rising action: steepest rise between inciting and climax
  let rising = Math.min(climax - 1, inciting + 1), riseBest = -Infinity;
  for (let i = inciting + 1; i < climax; i++) {
    const d = tension[i]! - tension[i - 1]!;
    if (d > riseBest) { riseBest = d; rising = i; }
  }
  if (rising <= inciting) rising = Math.min(climax - 1, inciting + 1);

  // falling action and resolution after the climax
  let falling = Math.min(n - 1, climax + 1), fallBest = Infinity;
  for (let i = climax + 1; i < n; i++) {
    const d = tension[i]! - tension[i - 1]!;
    if (d < fallBest) { fallBest = d; falling = i; }
  }
  const sorted = [...tension].sort((a, b) => a - b);
  const median = sorted[Math.floor(n / 2)]!;
  let resolution = n - 1;
  let resolutionReason = 'the last line';
  let found = false;
  for (let i = falling + 1; i < n && !found; i++) {
    const w = cueAt(RESOLUTION, i);
    if (w) { resolution = i; resolutionReason = `cue word "${w}"`; found = true; }
  }
  for (let i = falling + 1; i < n && !found; i++) {
    if (tension.slice(i).every((x) => x <= median)) { resolution = i; resolutionReason = 'tension stays at or below its median from here'; found = true; }
  }

  const beats: NarrativeBeat[] = [
    beat(inciting, 'inciting-incident', 0.4 + 0.6 * (tension[inciting]! - lo) / span, incitingReason),
    beat(rising, 'rising-action', 0.3 + 0.7 * clamp01((tension[climax]! - tension[inciting]!) / span), `steepest rise of tension before the climax (+${round3(Math.max(0, riseBest))})`),
    beat(climax, 'climax', 0.5 + 0.5 * (tension[climax]! - lo) / span, climaxWord ? `highest tension, cue word "${climaxWord}"` : 'highest tension'),
  ];
  if (falling > climax) beats.push(beat(falling, 'falling-action', 0.3 + 0.7 * clamp01(-fallBest / span), `steepest fall of tension after the climax (${round3(Math.min(0, fallBest))})`));
  if (resolution > falling || (resolution > climax && falling <= climax)) beats.push(beat(resolution, 'resolution', 0.3 + 0.7 * clamp01((hi - tension[resolution]!) / span), resolutionReason));
  // strictly increasing times; where two beats share a time the climax wins
  const out: NarrativeBeat[] = [];
  for (const b of beats) {
    const prev = out[out.length - 1];
    if (prev && b.t <= prev.t) {
      if (b.kind === 'climax') out[out.length - 1] = b;
      continue;
    }
    out.push(b);
  }
  return out;
}

// ------------------------------------------------------------------ characters

function canonicalName(s: string): string {
  return s.replace(/\s*\([^)]*\)/g, '').replace(/\s+/g, ' ').trim().toUpperCase();
}

export function characters(lines: readonly TimedLine[]): Recurring[] {
  const names = new Map<string, string>(); // canonical → display (first seen)
  for (const l of lines) if (l.speaker) {
    const c = canonicalName(l.speaker);
    if (c !== '' && !names.has(c)) names.set(c, l.speaker.replace(/\s*\([^)]*\)/g, '').trim());
  }
  const out: Recurring[] = [];
  for (const [canon, display] of names) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(canon)}(?![\\p{L}\\p{N}])`, 'iu');
    const mentions: Mention[] = [];
    lines.forEach((l, i) => {
      const speaks = l.speaker !== undefined && canonicalName(l.speaker) === canon;
      if (speaks || re.test(l.text)) mentions.push({ t: l.start, line: i, speaks });
    });
    out.push({ name: display, kind: 'character', mentions });
  }
  return out.sort((a, b) => b.mentions.length - a.mentions.length || a.mentions[0]!.t - b.mentions[0]!.t);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ------------------------------------------------------------------ themes

export function themes(lines: readonly TimedLine[]): Recurring[] {
  const n = nlp();
  const its = n.its;
  const charNames = new Set(lines.flatMap((l) => (l.speaker ? canonicalName(l.speaker).toLowerCase().split(' ') : [])));
  const where = new Map<string, Set<number>>();
  lines.forEach((l, i) => {
    if (l.kind === 'heading' || l.kind === 'transition') return;
    const doc = n.readDoc(l.text);
    const pos = doc.tokens().out(its.pos) as string[];
    const lemma = doc.tokens().out(its.lemma as unknown as typeof its.pos) as string[]; // the typings miss the lemma addon
    pos.forEach((p, k) => {
      if (p !== 'NOUN' && p !== 'PROPN') return;
      const w = lemma[k]!.toLowerCase();
      if (w.length < 3 || STOP.has(w) || charNames.has(w) || !/^[\p{L}-]+$/u.test(w)) return;
      if (!where.has(w)) where.set(w, new Set());
      where.get(w)!.add(i);
    });
  });
  const minLines = lines.length >= 40 ? 3 : 2;
  return [...where.entries()]
    .filter(([, s]) => s.size >= minLines)
    .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
    .slice(0, 8)
    .map(([name, s]) => ({
      name,
      kind: 'theme' as const,
      mentions: [...s].sort((a, b) => a - b).map((i) => ({ t: lines[i]!.start, line: i, speaks: false })),
    }));
}

// ------------------------------------------------------------------ genre and setting

export function genres(lines: readonly TimedLine[]): string[] {
  const text = lines.map((l) => l.text).join('\n');
  const scored = Object.entries(GENRES).map(([g, re]) => [g, (text.match(re) ?? []).length] as const);
  return scored.filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1]).map(([g]) => g);
}

export function settings(lines: readonly TimedLine[]): string[] {
  const out: string[] = [];
  const add = (s: string): void => {
    if (s !== '' && !out.includes(s)) out.push(s);
  };
  for (const l of lines) {
    if (l.kind !== 'heading') continue;
    const h = l.text.toUpperCase();
    const m = /^(INT\.?\s*\/\s*EXT|EXT\.?\s*\/\s*INT|I\/E|INT|EXT|EST)[.\s]+(.*)$/.exec(h);
    if (m) add(m[1]!.startsWith('I/E') || m[1]!.includes('/') ? 'INT/EXT' : m[1]!.replace('.', ''));
    const rest = (m ? m[2]! : h).trim();
    // "STATION PLATFORM - NIGHT", "PARK--DAY", "TRACKS — CONTINUOUS"
    const parts = rest.split(/\s*(?:--|—|–|\s-\s)\s*/).map((p) => p.trim()).filter(Boolean);
    for (const p of parts) {
      if (TIMES_OF_DAY.includes(p)) add(p);
      else add(`place: ${p.toLowerCase()}`);
    }
  }
  for (const l of lines) {
    if (l.kind === 'heading') continue;
    for (const w of l.text.match(SETTING_WORDS) ?? []) add(w.toLowerCase());
  }
  return out;
}

/** The alignment method of insights from the placement method. */
export function alignmentMethod(placement: 'timed' | 'dtw' | 'layout' | undefined): AlignmentMethod {
  return placement === 'timed' ? 'subtitles' : placement === 'dtw' ? 'dtw' : placement === 'layout' ? 'layout' : 'none';
}

