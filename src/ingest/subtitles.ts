/**
 * Strict-but-forgiving readers for SubRip (.srt) and WebVTT (.vtt) subtitles → ScriptLine[].
 *
 * Forgiving about what real files do: a UTF-8 BOM, CRLF/CR line ends, missing cue numbers,
 * missing blank lines between cues, a comma or a period before the milliseconds, hours left
 * out (mm:ss.ttt), cue settings after the timing (also after two spaces), VTT header text,
 * NOTE/STYLE/REGION blocks, cues out of order (sorted by start, stably), overlapping cues
 * (both kept), markup (<i>, <b>, <font …>, <c.class>, {\an8} ASS overrides, HTML entities).
 * Strict about time: a timing line that cannot be read, or a cue that ends before it starts,
 * throws UserInputError naming the file and the 1-based line.
 *
 * Text rules:
 * - `<v Speaker>` (VTT voice) → `speaker`; "NAME: text" with NAME in capitals → speaker NAME.
 * - A cue whose lines start with a dialogue dash ("- Hi." / "- Hello.") holds two speakers: each
 *   dash line becomes its own ScriptLine with the cue's full time window (we do not invent a
 *   split point inside the cue).
 * - A cue (or dash line) entirely in [brackets] or (parentheses) is a sound/action description:
 *   kind 'action', the brackets removed.
 * - Lines of one utterance are joined with a single space.
 * - `sourceLine` is the 1-based file line where the utterance's text begins.
 *
 * Pure: text in, lines out (no file I/O here; see script.ts).
 */
import type { ScriptLine, LineKind } from '../model/artifacts.js';
import { seconds, type Seconds } from '../model/units.js';
import { UserInputError } from '../model/errors.js';

export interface SubtitleReadOptions {
  /** File name used in error messages. */
  readonly file?: string;
  /** Non-fatal observations are pushed here (ignored stray lines, a missing WEBVTT header…). */
  readonly warnings?: string[];
}

/** One timestamp: optional hours, minutes, seconds, optional fraction after ',' or '.'. */
const TIMESTAMP = /^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,9}))?$/;
/** A timing line: "start --> end [settings]" (settings may follow any whitespace). */
const TIMING = /^\s*(\S+)\s*-->\s*(\S+)(?:\s+(.*))?$/;
/** Things that look like a timing line with a broken arrow ("00:00:01,000 -> 00:00:02,000"). */
const TIMING_LIKE = /^\s*\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\s*(?:-+>|[–—]>?|-)\s*\d{1,2}:\d{2}/;

/**
 * Parses one subtitle timestamp ("00:01:02,345", "01:02.345", "1:02:03.5", "00:00:01") into
 * seconds (float64, exact to the millisecond for ≤ 3 fraction digits). Minutes and seconds
 * must be < 60 when a larger field is present. Throws UserInputError naming `file`/`line`.
 */
export function parseSubtitleTimestamp(text: string, place: { file?: string; line?: number } = {}): Seconds {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) {
    throw new UserInputError(`malformed timestamp "${text.trim()}" (expected hh:mm:ss,mmm or mm:ss.mmm)`, place);
  }
  const h = m[1] === undefined ? 0 : Number(m[1]);
  const min = Number(m[2]);
  const s = Number(m[3]);
  if (s >= 60 || min >= 60) {
    throw new UserInputError(`malformed timestamp "${text.trim()}" (minutes and seconds must be below 60)`, place);
  }
  const frac = m[4] ?? '';
  // Millisecond integer arithmetic first, so 3-digit fractions round-trip exactly.
  const fracMs = frac === '' ? 0 : Number((frac + '000').slice(0, 3)) + Number('0.' + (frac.slice(3) || '0'));
  const ms = ((h * 60 + min) * 60 + s) * 1000 + fracMs;
  return seconds(ms / 1000);
}

/** Splits text into lines after removing a BOM; accepts CRLF, CR and LF. */
export function splitLines(text: string): string[] {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.split(/\r\n|\r|\n/);
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

function isTimingCandidate(line: string): boolean {
  return line.includes('-->') || TIMING_LIKE.test(line);
}

interface RawCue {
  readonly start: Seconds;
  readonly end: Seconds;
  /** Text lines with their 1-based file line numbers. */
  readonly text: readonly { readonly s: string; readonly line: number }[];
  readonly order: number;
}

function parseTimingLine(line: string, lineNo: number, file: string | undefined): { start: Seconds; end: Seconds } {
  const place = { file, line: lineNo };
  const m = TIMING.exec(line);
  if (!m) throw new UserInputError(`malformed timing line "${line.trim()}" (expected "start --> end")`, place);
  const start = parseSubtitleTimestamp(m[1], place);
  const end = parseSubtitleTimestamp(m[2], place);
  if (end < start) {
    throw new UserInputError(`cue ends (${m[2]}) before it starts (${m[1]})`, place);
  }
  return { start, end };
}

/**
 * Shared cue scanner for SRT and VTT. `vtt` turns on header/NOTE/STYLE/REGION handling.
 */
function scanCues(text: string, vtt: boolean, opts: SubtitleReadOptions): RawCue[] {
  const lines = splitLines(text);
  const file = opts.file;
  const warn = (msg: string): void => {
    opts.warnings?.push(file ? `${file}: ${msg}` : msg);
  };
  let i = 0;
  if (vtt) {
    // Header: "WEBVTT" plus optional text, up to the first blank line (or a timing line).
    if (lines.length > 0 && /^WEBVTT(?:$|[ \t])/.test(lines[0])) {
      i = 1;
      while (i < lines.length && !isBlank(lines[i]) && !isTimingCandidate(lines[i])) i++;
    } else {
      warn('no "WEBVTT" header on line 1; reading the cues anyway');
    }
  }
  const cues: RawCue[] = [];
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }
    if (vtt && /^(?:NOTE|STYLE|REGION)(?:$|[ \t])/.test(line)) {
      i++;
      while (i < lines.length && !isBlank(lines[i]) && !isTimingCandidate(lines[i])) i++;
      continue;
    }
    let timingIndex: number;
    if (isTimingCandidate(line)) {
      timingIndex = i;
    } else if (i + 1 < lines.length && isTimingCandidate(lines[i + 1])) {
      timingIndex = i + 1; // line i is a cue number / identifier
    } else {
      warn(`line ${i + 1}: ignored text outside any cue: "${line.trim().slice(0, 40)}"`);
      i++;
      continue;
    }
    const { start, end } = parseTimingLine(lines[timingIndex], timingIndex + 1, file);
    const textLines: { s: string; line: number }[] = [];
    let j = timingIndex + 1;
    while (j < lines.length && !isBlank(lines[j]) && !isTimingCandidate(lines[j])) {
      textLines.push({ s: lines[j], line: j + 1 });
      j++;
    }
    // No blank line before the next timing line: a bare number just above it is that cue's number.
    if (j < lines.length && isTimingCandidate(lines[j]) && textLines.length > 0) {
      const last = textLines[textLines.length - 1];
      if (/^\s*\d+\s*$/.test(last.s)) textLines.pop();
    }
    cues.push({ start, end, text: textLines, order: cues.length });
    i = j;
  }
  return cues;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  lrm: '',
  rlm: '',
};

/** Replaces HTML/VTT character references (&amp; &#233; &#x2014; …). Unknown names stay as written. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    const rep = ENTITIES[body.toLowerCase()];
    return rep === undefined ? whole : rep;
  });
}

/** Removes markup tags (<i>, </b>, <font color=…>, <c.x>, <00:00:01.000>) and ASS overrides ({\an8}). */
export function stripMarkup(s: string): string {
  return decodeEntities(s.replace(/\{\\[^}]*\}/g, '').replace(/<[^>]*>/g, ''));
}

const VOICE = /<v(?:\.[^\s>]*)?[ \t]+([^>]+)>/;
/** "NAME: text" with NAME in capitals (letters, digits, spaces, . ' -), at most 32 chars. */
const CAPS_SPEAKER = /^(\p{Lu}[\p{Lu}\p{N} .'’\-]{0,31}):\s*(.*)$/u;
const DASH = /^\s*[-–—‐]\s*/;

/** Pulls "NAME: text" apart when NAME has at least two letters and no lower-case letters. */
export function splitCapsSpeaker(text: string): { speaker?: string; text: string } {
  const m = CAPS_SPEAKER.exec(text);
  if (!m) return { text };
  const name = m[1].trim();
  if ((name.match(/\p{L}/gu) ?? []).length < 2 || /\p{Ll}/u.test(name)) return { text };
  return { speaker: name, text: m[2].trim() };
}

/** Kind of a cleaned utterance: 'action' when it is wholly inside [ ] or ( ). */
function classify(text: string): { kind: LineKind; text: string } {
  const m = /^\[([^\[\]]*)\]$/.exec(text) ?? /^\(([^()]*)\)$/.exec(text);
  if (m) return { kind: 'action', text: m[1].trim() };
  return { kind: 'dialogue', text };
}

/**
 * Turns one cue's raw text lines into utterances (usually one; several with dialogue dashes or
 * several voice tags). Tags are stripped, speakers taken from `<v …>` or "NAME:".
 */
export function cueToLines(
  textLines: readonly { readonly s: string; readonly line: number }[],
  start: Seconds | undefined,
  end: Seconds | undefined,
): ScriptLine[] {
  interface Utt {
    speaker?: string;
    parts: string[];
    line: number;
  }
  const utts: Utt[] = [];
  const dashed = textLines.filter((t) => DASH.test(stripMarkup(t.s))).length;
  const splitOnDash = dashed >= 2 || (dashed === 1 && textLines.length > 1 && DASH.test(stripMarkup(textLines[0].s)) === false);
  let current: Utt | undefined;
  let voice: string | undefined;
  for (const { s, line } of textLines) {
    const vm = VOICE.exec(s);
    let newVoice = false;
    if (vm) {
      voice = vm[1].trim();
      newVoice = true;
    }
    let clean = stripMarkup(s).replace(/\s+/g, ' ').trim();
    const hasDash = DASH.test(clean);
    if (hasDash) clean = clean.replace(DASH, '');
    if (clean === '') continue;
    const startsNew = !current || (newVoice && current.parts.length > 0) || (hasDash && splitOnDash);
    if (startsNew) {
      current = { speaker: voice, parts: [], line };
      utts.push(current);
    }
    current!.parts.push(clean);
    if (/<\/v>/.test(s)) voice = undefined;
  }
  const out: ScriptLine[] = [];
  for (const u of utts) {
    let text = u.parts.join(' ').replace(/\s+/g, ' ').trim();
    let speaker = u.speaker;
    if (speaker === undefined) {
      const sp = splitCapsSpeaker(text);
      if (sp.speaker !== undefined && sp.text !== '') {
        speaker = sp.speaker;
        text = sp.text;
      }
    }
    const c = classify(text);
    if (c.text === '') continue;
    const line: ScriptLine = {
      ...(start !== undefined ? { start } : {}),
      ...(end !== undefined ? { end } : {}),
      text: c.text,
      ...(speaker !== undefined ? { speaker } : {}),
      kind: c.kind,
      sourceLine: u.line,
    };
    out.push(line);
  }
  return out;
}

function cuesToLines(cues: RawCue[]): ScriptLine[] {
  // Array.prototype.sort is stable (ES2019), so equal starts keep file order.
  const sorted = [...cues].sort((a, b) => a.start - b.start || a.order - b.order);
  return sorted.flatMap((c) => cueToLines(c.text, c.start, c.end));
}

/**
 * Reads SubRip text into timed ScriptLines (seconds, sorted by start, stable).
 * Throws UserInputError (file + line) for a malformed timing line.
 */
export function parseSrt(text: string, opts: SubtitleReadOptions = {}): ScriptLine[] {
  return cuesToLines(scanCues(text, false, opts));
}

/**
 * Reads WebVTT text into timed ScriptLines (seconds, sorted by start, stable).
 * Header text, NOTE/STYLE/REGION blocks and cue identifiers are skipped; cue settings ignored.
 * Throws UserInputError (file + line) for a malformed timing line.
 */
export function parseVtt(text: string, opts: SubtitleReadOptions = {}): ScriptLine[] {
  return cuesToLines(scanCues(text, true, opts));
}

/** Formats seconds as an SRT timestamp "hh:mm:ss,mmm" (rounded to the millisecond). */
export function formatSrtTimestamp(t: Seconds | number): string {
  const totalMs = Math.round(t * 1000);
  const ms = totalMs % 1000;
  const totalS = (totalMs - ms) / 1000;
  const s = totalS % 60;
  const m = Math.floor(totalS / 60) % 60;
  const h = Math.floor(totalS / 3600);
  const p = (n: number, w: number): string => String(n).padStart(w, '0');
  return `${p(h, 2)}:${p(m, 2)}:${p(s, 2)},${p(ms, 3)}`;
}
