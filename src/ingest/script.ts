/**
 * Script reader: one entry point, `readScript`, that reads a script or subtitle file and
 * returns `{ script: ParsedScript, warnings: string[] }`.
 *
 * Format is chosen by extension, then checked by sniffing the content (content wins when the
 * two disagree, with a warning; unknown extensions are sniffed):
 *   .srt / .vtt  → subtitles.ts (timed)
 *   .txt         → plain text (untimed), see `parsePlainText`
 *   .json        → the JSON schema below (timed when every line has a start)
 *   .fountain    → Fountain screenplay, first version (untimed), see `parseFountain`
 *   .fdx         → Final Draft XML (untimed), fast-xml-parser, see fdx.ts
 *
 * JSON schema (documented contract):
 *   { "lines": [ { "start": 1.5, "end": 3, "text": "...", "speaker": "ANNA", "kind": "dialogue" } ] }
 *   or a bare array of the same objects.
 *   - text     string, required, non-empty after trimming.
 *   - start    optional; seconds as a number ≥ 0, or a string: a timestamp "00:00:01,500",
 *              "00:01.5", "1:02:03.250", a plain number "1.5", or "92s" / "1 min 32" / "1m32s"
 *              (frame timecodes are refused: the file has no frame rate).
 *   - end      optional, same forms; must be ≥ start.
 *   - speaker  optional string.
 *   - kind     optional: dialogue | action | heading | transition | parenthetical (default dialogue).
 *   - scene    optional integer ≥ 0.
 *   Any problem → UserInputError naming the file and the field (e.g. `lines[3].start`).
 *
 * Errors (UserInputError naming the file): missing/unreadable file, a directory, a binary file
 * (NUL bytes, or mostly invalid UTF-8), an empty script (no lines after parsing).
 * Warnings (returned, never thrown): latin-1 fallback decoding, extension/content mismatch,
 * ignored stray subtitle lines. Diagnostics (returned): one per timed line that starts or ends
 * after `videoDuration` — kept, never dropped silently — naming file, line and time.
 *
 * File I/O lives only in `readScript`; the `parse*` functions are pure (text → lines).
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { LineKind, ParsedScript, ScriptLine } from '../model/artifacts.js';
import { seconds, type Seconds } from '../model/units.js';
import { UserInputError, type Diagnostic } from '../model/errors.js';
import { parseSrt, parseVtt, parseSubtitleTimestamp, splitLines, splitCapsSpeaker } from './subtitles.js';
import { parseFdx } from './fdx.js';
import { parseLooseTime } from '../time/timecode.js';

export { parseFdx };

export type ScriptFormat = ParsedScript['format'];

export interface ReadScriptOptions {
  /** Duration of the picture; timed lines ending after it are kept and reported. */
  readonly videoDuration?: Seconds;
  /** Force a format instead of extension + sniffing. */
  readonly format?: ScriptFormat;
}

export interface ReadScriptResult {
  readonly script: ParsedScript;
  /** Non-fatal observations, one sentence each, naming the file. */
  readonly warnings: string[];
  /** One per timed line that starts or ends after the video (kept, not dropped), with file and line. */
  readonly diagnostics: Diagnostic[];
}

const EXTENSIONS: Record<string, ScriptFormat> = {
  '.srt': 'srt',
  '.vtt': 'vtt',
  '.webvtt': 'vtt',
  '.txt': 'txt',
  '.text': 'txt',
  '.json': 'json',
  '.fountain': 'fountain',
  '.spmd': 'fountain',
  '.fdx': 'fdx',
};

/**
 * Reads a script/subtitle file (see module doc for formats, schema and errors).
 * Times are seconds on the film timeline as written in the file.
 */
export function readScript(path: string, opts: ReadScriptOptions = {}): ReadScriptResult {
  const warnings: string[] = [];
  const bytes = readBytes(path);
  const text = decodeText(bytes, path, warnings);
  if (text.replace(/^\uFEFF/, '').trim() === '') {
    throw new UserInputError('script is empty', { file: path });
  }
  const byExt = EXTENSIONS[extname(path).toLowerCase()];
  const sniffed = sniffFormat(text);
  let format: ScriptFormat;
  if (opts.format) format = opts.format;
  else if (byExt === undefined) format = sniffed;
  else if (byExt === 'txt' || byExt === 'fountain') {
    // A .txt that is really subtitles/JSON/XML is read as such; .txt vs .fountain stays by extension.
    format = sniffed === 'txt' || sniffed === 'fountain' ? byExt : sniffed;
  } else if ((byExt === 'srt' || byExt === 'vtt') && (sniffed === 'srt' || sniffed === 'vtt')) {
    format = sniffed;
  } else format = byExt;
  if (byExt !== undefined && format !== byExt) {
    warnings.push(`${path}: extension says ${byExt} but the content is ${format}; read as ${format}`);
  }
  const lines = parseScriptText(text, format, { file: path, warnings });
  if (lines.length === 0) throw new UserInputError(`script is empty: no ${format} lines found`, { file: path });
  const timed = lines.every((l) => l.start !== undefined);
  if (!timed && lines.some((l) => l.start !== undefined)) {
    warnings.push(`${path}: some lines have times and some do not; the script is treated as untimed`);
  }
  const diagnostics: Diagnostic[] = [];
  if (opts.videoDuration !== undefined) {
    const d = opts.videoDuration;
    for (const l of lines) {
      const last = l.end ?? l.start;
      if (last === undefined || !(last > d + 1e-9)) continue;
      const starts = l.start !== undefined && l.start >= d;
      diagnostics.push({
        level: 'warning',
        stage: 'script',
        message: starts
          ? `line starts at ${l.start!.toFixed(3)} s, after the video ends (${d.toFixed(3)} s); kept, but nothing is scored for it`
          : `line ends at ${last.toFixed(3)} s, after the video (${d.toFixed(3)} s); kept`,
        place: { file: path, ...(l.sourceLine !== undefined ? { line: l.sourceLine } : {}), at: (l.start ?? last).toFixed(3) },
      });
    }
  }
  return { script: { file: path, format, timed, lines }, warnings, diagnostics };
}

/** Parses already-decoded text in a given format (pure). */
export function parseScriptText(
  text: string,
  format: ScriptFormat,
  ctx: { file?: string; warnings?: string[] } = {},
): ScriptLine[] {
  switch (format) {
    case 'srt':
      return parseSrt(text, ctx);
    case 'vtt':
      return parseVtt(text, ctx);
    case 'txt':
      return parsePlainText(text);
    case 'json':
      return parseJsonScript(text, ctx.file);
    case 'fountain':
      return parseFountain(text);
    case 'fdx':
      return parseFdx(text, ctx.file);
  }
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserInputError('script file not found', { file: path });
    if (code === 'EISDIR') throw new UserInputError('script path is a directory, not a file', { file: path });
    if (code === 'EACCES' || code === 'EPERM') throw new UserInputError('script file is not readable (permission denied)', { file: path });
    throw new UserInputError(`cannot read script file (${code ?? String(e)})`, { file: path });
  }
}

/**
 * Bytes → text. UTF-8 (BOM optional) or UTF-16 with a BOM. A file with NUL bytes, or whose
 * bytes are mostly not text, is binary → UserInputError. A file that is text but not valid
 * UTF-8 (e.g. Windows-1252 subtitles) is read as Latin-1 with a warning.
 */
export function decodeText(bytes: Uint8Array, file: string, warnings: string[] = []): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.includes(0)) throw new UserInputError('binary file (contains NUL bytes), not a script', { file });
  let controls = 0;
  for (const b of bytes) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) controls++;
  if (controls > 0 && controls / bytes.length > 0.01) {
    throw new UserInputError('binary file (control bytes), not a script', { file });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const loose = new TextDecoder('utf-8').decode(bytes);
    const bad = (loose.match(/\uFFFD/g) ?? []).length;
    let high = 0;
    for (const b of bytes) if (b >= 0x80) high++;
    if (bad / Math.max(1, loose.length) > 0.1 || high / bytes.length > 0.3) {
      throw new UserInputError('binary file (not UTF-8 text), not a script', { file });
    }
    warnings.push(`${file}: not valid UTF-8; read as Latin-1 (save the file as UTF-8 to avoid this)`);
    return Buffer.from(bytes).toString('latin1');
  }
}

/** Guesses a format from content alone. */
export function sniffFormat(text: string): ScriptFormat {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (/^WEBVTT(?:$|[ \t\r\n])/.test(t)) return 'vtt';
  if (/^<\?xml|^<FinalDraft\b/.test(t)) return 'fdx';
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      JSON.parse(t);
      return 'json';
    } catch {
      /* not JSON: maybe a Fountain note or a bracketed line */
    }
  }
  if (/^\s*(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}\s*-->/m.test(t)) {
    return /^\s*(?:\d+:)?\d{1,2}:\d{2},\d{1,3}\s*-->/m.test(t) ? 'srt' : 'vtt';
  }
  if (/^(?:Title|Credit|Author|Authors|Source|Draft date|Contact):/im.test(t.slice(0, 200)) || SCENE_HEADING.test(t) || /^(?:INT|EXT)[./]/m.test(t)) {
    return 'fountain';
  }
  return 'txt';
}

// ------------------------------------------------------------------ plain text

const SCENE_HEADING = /^(?:INT|EXT|EST|INT\.?\/EXT|I\/E)[.\s]/im;
/** "Name:" in plain text: capitals ("ANNA:") or up to three capitalised words ("Mr. Smith:"). */
const TXT_SPEAKER = /^((?:\p{Lu}[\p{L}'’.\-]*)(?:\s+\p{Lu}[\p{L}'’.\-]*){0,2}):\s+(\S.*)$/u;
/**
 * "Name:" in a script without letter case (Chinese, Japanese, Korean…): up to 8 uncased letters
 * (a middle dot may join two parts, "李·明"), then ':' or the full-width '：', space optional.
 */
const TXT_SPEAKER_UNCASED = /^(\p{Lo}{1,8}(?:[·・]\p{Lo}{1,8})?)\s*[:：]\s*(\S.*)$/u;

/**
 * Plain text (untimed): blank-line separated paragraphs. Within a paragraph a line
 * "NAME: text" (or "李明：text" in a script without letter case) starts a dialogue line with that speaker; other lines continue the current
 * line (wrapped text). Paragraphs without a speaker are 'dialogue' when the file has no
 * speakers at all (a list of lines), else 'action' (description between speeches).
 * A paragraph wholly in [ ] or ( ) is 'action'; INT./EXT. lines are 'heading' (scene + 1).
 */
export function parsePlainText(text: string): ScriptLine[] {
  const lines = splitLines(text);
  interface Item {
    speaker?: string;
    parts: string[];
    line: number;
    heading?: boolean;
  }
  const items: Item[] = [];
  let cur: Item | undefined;
  lines.forEach((raw, idx) => {
    const s = raw.trim();
    if (s === '') {
      cur = undefined;
      return;
    }
    if (SCENE_HEADING.test(s) && s === s.toUpperCase()) {
      items.push({ parts: [s], line: idx + 1, heading: true });
      cur = undefined;
      return;
    }
    const m = TXT_SPEAKER.exec(s) ?? TXT_SPEAKER_UNCASED.exec(s);
    const caps = splitCapsSpeaker(s);
    const speaker = caps.speaker ?? (m ? m[1] : undefined);
    const rest = caps.speaker !== undefined ? caps.text : m ? m[2] : s;
    if (speaker !== undefined && rest !== '') {
      cur = { speaker, parts: [rest], line: idx + 1 };
      items.push(cur);
    } else if (cur) {
      cur.parts.push(s);
    } else {
      cur = { parts: [s], line: idx + 1 };
      items.push(cur);
    }
  });
  const anySpeaker = items.some((it) => it.speaker !== undefined);
  let scene = 0;
  const out: ScriptLine[] = [];
  for (const it of items) {
    let t = it.parts.join(' ').replace(/\s+/g, ' ').trim();
    let kind: LineKind;
    if (it.heading) {
      scene++;
      kind = 'heading';
    } else {
      const br = /^\[([^\[\]]*)\]$/.exec(t) ?? /^\(([^()]*)\)$/.exec(t);
      if (br) {
        kind = 'action';
        t = br[1].trim();
      } else kind = it.speaker !== undefined || !anySpeaker ? 'dialogue' : 'action';
    }
    if (t === '') continue;
    out.push({
      text: t,
      ...(it.speaker !== undefined ? { speaker: it.speaker } : {}),
      kind,
      ...(scene > 0 ? { scene } : {}),
      sourceLine: it.line,
    });
  }
  return out;
}

// ------------------------------------------------------------------ JSON

const KINDS: readonly LineKind[] = ['dialogue', 'action', 'heading', 'transition', 'parenthetical'];

function jsonTime(v: unknown, file: string | undefined, field: string): Seconds | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) throw new UserInputError(`time must be a number of seconds ≥ 0, got ${v}`, { file, field });
    return seconds(v);
  }
  if (typeof v === 'string') {
    const s = v.trim();
    if (/^\d+(?:\.\d+)?$/.test(s)) return seconds(Number(s));
    try {
      return parseSubtitleTimestamp(s, { file });
    } catch {
      // "92s", "1 min 32", "1m32s" through the shared loose-time reader (no frame counts here:
      // a JSON script has no frame rate of its own)
      let loose: Seconds | null = null;
      try {
        loose = /^\d+[:;]\d+[:;]\d+[:;]\d+$/.test(s) ? null : parseLooseTime(s, undefined, { file, field });
      } catch {
        loose = null;
      }
      if (loose !== null) return loose;
      throw new UserInputError(`cannot read time "${v}" (use seconds, "hh:mm:ss,mmm", "92s" or "1 min 32")`, { file, field });
    }
  }
  throw new UserInputError(`time must be a number or a string, got ${typeof v}`, { file, field });
}

/** 1-based line of a character offset in text. */
function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Parses the JSON script schema (module doc). Throws UserInputError naming file and field. */
export function parseJsonScript(text: string, file?: string): ScriptLine[] {
  const body = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    throw new UserInputError(`invalid JSON: ${msg}`, { file, ...(pos ? { line: lineOf(body, Number(pos[1])) } : {}) });
  }
  let items: unknown;
  let prefix = 'lines';
  if (Array.isArray(data)) {
    items = data;
    prefix = '';
  } else if (data !== null && typeof data === 'object' && Array.isArray((data as { lines?: unknown }).lines)) {
    items = (data as { lines: unknown[] }).lines;
  } else {
    throw new UserInputError('JSON script must be {"lines": [...]} or an array of line objects', { file });
  }
  const out: ScriptLine[] = [];
  (items as unknown[]).forEach((item, i) => {
    const at = `${prefix}[${i}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new UserInputError('each line must be an object with a "text" field', { file, field: at });
    }
    const o = item as Record<string, unknown>;
    if (typeof o.text !== 'string' || o.text.trim() === '') {
      throw new UserInputError('"text" must be a non-empty string', { file, field: `${at}.text` });
    }
    const start = jsonTime(o.start, file, `${at}.start`);
    const end = jsonTime(o.end, file, `${at}.end`);
    if (start !== undefined && end !== undefined && end < start) {
      throw new UserInputError(`line ends (${end}) before it starts (${start})`, { file, field: `${at}.end` });
    }
    if (o.speaker !== undefined && o.speaker !== null && typeof o.speaker !== 'string') {
      throw new UserInputError('"speaker" must be a string', { file, field: `${at}.speaker` });
    }
    let kind: LineKind = 'dialogue';
    if (o.kind !== undefined && o.kind !== null) {
      if (typeof o.kind !== 'string' || !KINDS.includes(o.kind as LineKind)) {
        throw new UserInputError(`"kind" must be one of ${KINDS.join(', ')}`, { file, field: `${at}.kind` });
      }
      kind = o.kind as LineKind;
    }
    if (o.scene !== undefined && o.scene !== null && (!Number.isInteger(o.scene) || (o.scene as number) < 0)) {
      throw new UserInputError('"scene" must be an integer ≥ 0', { file, field: `${at}.scene` });
    }
    const speaker = typeof o.speaker === 'string' && o.speaker.trim() !== '' ? o.speaker.trim() : undefined;
    out.push({
      ...(start !== undefined ? { start } : {}),
      ...(end !== undefined ? { end } : {}),
      text: o.text.replace(/\s+/g, ' ').trim(),
      ...(speaker !== undefined ? { speaker } : {}),
      kind,
      ...(typeof o.scene === 'number' ? { scene: o.scene } : {}),
    });
  });
  // Timed JSON is ordered like subtitles (stable sort by start; untimed lines keep their place).
  if (out.every((l) => l.start !== undefined)) out.sort((a, b) => (a.start as number) - (b.start as number));
  return out;
}

// ------------------------------------------------------------------ Fountain (first version)

/** Removes emphasis markers (*, **, ***, _) and unescapes \* \_. */
function stripEmphasis(s: string): string {
  return s
    .replace(/\\([*_])/g, '\u0000$1')
    .replace(/\*{1,3}|_/g, '')
    .replace(/\u0000/g, '')
    .trim();
}

/** Replaces matches with blank text but keeps the newlines, so line numbers stay true. */
function blankOut(text: string, re: RegExp): string {
  return text.replace(re, (m) => m.replace(/[^\n]/g, ''));
}

/** A character cue: capitals (extension in parentheses may be any case), or forced with '@'. */
function characterName(line: string): string | undefined {
  let s = line.trim();
  if (s.startsWith('@')) return s.slice(1).replace(/\s*\([^)]*\)\s*/g, ' ').replace(/\^$/, '').trim() || undefined;
  s = s.replace(/\s*\^$/, '');
  const name = s.replace(/\s*\([^)]*\)/g, '').trim();
  if (name === '' || !/\p{Lu}/u.test(name) || /\p{Ll}/u.test(name)) return undefined;
  if (!/^[\p{Lu}\p{N}][\p{Lu}\p{N} .'’\-#&]*$/u.test(name)) return undefined;
  return name;
}

/**
 * Fountain screenplay → ScriptLines (untimed). Our own reader rather than fountain-js because
 * we need 1-based source lines and clean speaker names; test/script-formats.test.ts checks it
 * against fountain-js on a hard fixture. Recognises: title page (skipped, tab-indented values
 * too), boneyard /* *\/ and [[notes]] (removed, line numbers kept), scene headings
 * (INT./EXT./EST./I/E or forced '.', scene numbers #1# dropped), character cues in capitals
 * or forced '@Name' (extensions such as (V.O.) and (CONT'D) dropped from the name) followed
 * by dialogue and (parentheticals), dual dialogue ('^' on the second cue: both speeches get
 * `dual: true`), lyrics '~', transitions (capitals ending in "TO:" or forced '>'), centred
 * text "> … <" (action), forced action '!', sections '#' and synopses '=' (skipped), page
 * breaks '===' (skipped), emphasis markers (removed) and action.
 * One ScriptLine per speech (lines joined) and per action paragraph.
 */
export function parseFountain(text: string): ScriptLine[] {
  let src = text.replace(/^\uFEFF/, '').replace(/\r\n|\r/g, '\n');
  src = blankOut(src, /\/\*[\s\S]*?\*\//g);
  src = blankOut(src, /\[\[[\s\S]*?\]\]/g);
  const lines = src.split('\n');
  let i = 0;
  // Title page: "Key: value" at the very top, up to the first blank line.
  while (i < lines.length && lines[i].trim() === '') i++;
  if (i < lines.length && /^[A-Za-z][A-Za-z ]*:/.test(lines[i]) && !SCENE_HEADING.test(lines[i])) {
    while (i < lines.length && lines[i].trim() !== '') i++;
  }
  const out: ScriptLine[] = [];
  let scene = 0;
  const push = (l: Omit<ScriptLine, 'scene'>): void => {
    if (l.text === '') return;
    out.push({ ...l, ...(scene > 0 ? { scene } : {}) });
  };
  const blank = (k: number): boolean => k < 0 || k >= lines.length || lines[k].trim() === '';
  let lastSpeech: [number, number] = [0, 0];
  while (i < lines.length) {
    const raw = lines[i];
    const s = raw.trim();
    if (s === '' || /^={3,}$/.test(s) || s.startsWith('#') || (s.startsWith('=') && !s.startsWith('=='))) {
      i++;
      continue;
    }
    const prevBlank = blank(i - 1);
    // Scene heading
    if (prevBlank && ((SCENE_HEADING.test(s) && !s.startsWith('.')) || /^\.[^.\s]/.test(s))) {
      scene++;
      const heading = stripEmphasis(s.replace(/^\./, '').replace(/\s*#[^#]*#\s*$/, ''));
      push({ text: heading, kind: 'heading', sourceLine: i + 1 });
      i++;
      continue;
    }
    // Centred text "> … <" is action; forced transition "> …"
    if (s.startsWith('>')) {
      if (s.endsWith('<')) push({ text: stripEmphasis(s.slice(1, -1)), kind: 'action', sourceLine: i + 1 });
      else push({ text: stripEmphasis(s.slice(1)), kind: 'transition', sourceLine: i + 1 });
      i++;
      continue;
    }
    if (prevBlank && blank(i + 1) && /^[^\p{Ll}]*TO:$/u.test(s)) {
      push({ text: s, kind: 'transition', sourceLine: i + 1 });
      i++;
      continue;
    }
    // Character cue followed by dialogue
    const name = prevBlank && !blank(i + 1) && !s.startsWith('!') ? characterName(s) : undefined;
    if (name !== undefined) {
      // Dual dialogue: "NAME ^" speaks at the same time as the speech just before.
      const dual = /\^\s*$/.test(s);
      if (dual) for (let k = lastSpeech[0]; k < lastSpeech[1]; k++) out[k] = { ...out[k], dual: true };
      const first = out.length;
      i++;
      let speech: string[] = [];
      let speechLine = i + 1;
      const flush = (): void => {
        if (speech.length) push({ text: stripEmphasis(speech.join(' ')), speaker: name, kind: 'dialogue', sourceLine: speechLine });
        speech = [];
      };
      while (i < lines.length && lines[i].trim() !== '') {
        const d = lines[i].trim();
        if (/^\(.*\)$/.test(d)) {
          flush();
          push({ text: d.slice(1, -1).trim(), speaker: name, kind: 'parenthetical', sourceLine: i + 1 });
        } else {
          if (speech.length === 0) speechLine = i + 1;
          speech.push(d.replace(/^~\s*/, ''));
        }
        i++;
      }
      flush();
      if (dual) for (let k = first; k < out.length; k++) out[k] = { ...out[k], dual: true };
      lastSpeech = [first, out.length];
      continue;
    }
    // Action paragraph: up to the next blank line.
    // Lyrics: a '~' line outside a speech is sung text
    if (s.startsWith('~')) {
      push({ text: stripEmphasis(s.slice(1)), kind: 'dialogue', sourceLine: i + 1 });
      i++;
      continue;
    }
    const start = i;
    const parts: string[] = [];
    while (i < lines.length && lines[i].trim() !== '') {
      parts.push(lines[i].trim().replace(/^[!~]\s*/, ''));
      i++;
    }
    push({ text: stripEmphasis(parts.join(' ').replace(/\s+/g, ' ')), kind: 'action', sourceLine: start + 1 });
  }
  return out;
}
