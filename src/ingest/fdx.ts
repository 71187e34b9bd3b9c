/**
 * Final Draft .fdx → ScriptLines (untimed), read with fast-xml-parser (order preserved).
 *
 * What is read: `FinalDraft/Content/Paragraph[@Type]` in document order, each paragraph's
 * `<Text>` runs concatenated (style runs and revision-marked runs — `Revision`/`RevisionID`
 * attributes — are ordinary text: Final Draft keeps only the current text, marks are colour).
 * `Character` paragraphs set the speaker of the Dialogue/Parenthetical paragraphs that follow
 * (the extension "(O.S.)", "(CONT'D)" and a dual '^' are dropped from the name).
 * A `<DualDialogue>` inside a Content paragraph holds two speeches spoken at once: both are
 * read, in order, with `dual: true`.
 * Ignored: paragraphs nested elsewhere (SceneProperties/SceneArcBeats hold untyped ones),
 * everything outside Content (title page, ElementSettings, SmartType, Revisions…), and
 * paragraph types that are not story text (Cast List, Outline, New Act/End of Act).
 *
 * Errors: XML that is not well formed, or a file without `FinalDraft/Content` → UserInputError
 * naming the file and line.
 * `sourceLine` is the 1-based line of the paragraph's `<Paragraph` tag.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { LineKind, ScriptLine } from '../model/artifacts.js';
import { UserInputError } from '../model/errors.js';

const FDX_KINDS: Readonly<Record<string, LineKind | null>> = {
  'Scene Heading': 'heading',
  Action: 'action',
  General: 'action',
  Shot: 'action',
  Lyrics: 'dialogue',
  Dialogue: 'dialogue',
  Parenthetical: 'parenthetical',
  Transition: 'transition',
  Character: null, // sets the speaker
  'Cast List': null,
  'New Act': null,
  'End of Act': null,
  'Outline 1': null,
  'Outline 2': null,
  'Outline 3': null,
  'Outline 4': null,
  'Outline Body': null,
};

/** A node of fast-xml-parser's preserveOrder tree: { TagName: children, ':@': attributes } or { '#text': s }. */
type XNode = Record<string, unknown>;

function tagOf(n: XNode): string | undefined {
  for (const k of Object.keys(n)) if (k !== ':@') return k;
  return undefined;
}
function kids(n: XNode): XNode[] {
  const t = tagOf(n);
  const v = t === undefined ? undefined : n[t];
  return Array.isArray(v) ? (v as XNode[]) : [];
}
function attr(n: XNode, name: string): string | undefined {
  const a = n[':@'] as Record<string, unknown> | undefined;
  const v = a?.[name];
  return v === undefined ? undefined : String(v);
}

/** The text of a paragraph: its direct <Text> runs, in order. */
function paragraphText(p: XNode): string {
  let s = '';
  for (const c of kids(p)) {
    if (tagOf(c) !== 'Text') continue;
    for (const t of kids(c)) if (typeof t['#text'] === 'string' || typeof t['#text'] === 'number') s += String(t['#text']);
  }
  return s.replace(/\s+/g, ' ').trim();
}

/** Offsets of every "<Paragraph" start tag outside comments and CDATA, as 1-based lines. */
function paragraphLines(src: string): number[] {
  const clean = src.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, (m) => m.replace(/[^\n]/g, ' '));
  const out: number[] = [];
  const re = /<Paragraph(?=[\s/>])/g;
  let line = 1;
  let at = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(clean)) !== null) {
    for (; at < m.index; at++) if (clean.charCodeAt(at) === 10) line++;
    out.push(line);
  }
  return out;
}

export function speakerName(cue: string): string | undefined {
  const s = cue.replace(/\s*\([^)]*\)/g, '').replace(/\s*\^\s*$/, '').replace(/\s+/g, ' ').trim();
  return s === '' ? undefined : s;
}

/** Parses Final Draft XML (module doc). Pure. */
export function parseFdx(text: string, file?: string): ScriptLine[] {
  const src = text.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(src);
  if (valid !== true) {
    throw new UserInputError(`Final Draft file is not well-formed XML: ${valid.err.msg}`, { file, line: valid.err.line });
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: true,
    htmlEntities: true,
  });
  const tree = parser.parse(src) as XNode[];
  const root = tree.find((n) => tagOf(n) === 'FinalDraft');
  const content = root ? kids(root).find((n) => tagOf(n) === 'Content') : undefined;
  if (!content) throw new UserInputError('Final Draft file has no <FinalDraft><Content> element', { file });

  // Number every Paragraph element in document order, the same order the line scan sees.
  const lines = paragraphLines(src);
  const ordinal = new Map<XNode, number>();
  let count = 0;
  const walk = (nodes: XNode[]): void => {
    for (const n of nodes) {
      if (tagOf(n) === 'Paragraph') ordinal.set(n, count++);
      walk(kids(n));
    }
  };
  walk(tree);

  const out: ScriptLine[] = [];
  let speaker: string | undefined;
  let scene = 0;
  const take = (p: XNode, dual: boolean): void => {
    const type = attr(p, 'Type');
    if (type === undefined) return;
    const t = paragraphText(p);
    const kind = type in FDX_KINDS ? FDX_KINDS[type] : 'action';
    if (type === 'Character') {
      speaker = speakerName(t);
      return;
    }
    if (kind === null || kind === undefined || t === '') return;
    if (kind === 'heading') scene++;
    const body = kind === 'parenthetical' ? t.replace(/^\(\s*|\s*\)$/g, '') : t;
    const spoken = kind === 'dialogue' || kind === 'parenthetical';
    const k = ordinal.get(p);
    out.push({
      text: body,
      ...(spoken && speaker !== undefined ? { speaker } : {}),
      kind,
      ...(scene > 0 ? { scene } : {}),
      ...(dual && spoken ? { dual: true } : {}),
      ...(k !== undefined && lines[k] !== undefined ? { sourceLine: lines[k] } : {}),
    });
    if (!spoken) speaker = undefined;
  };
  for (const p of kids(content)) {
    if (tagOf(p) !== 'Paragraph') continue;
    const dd = kids(p).find((c) => tagOf(c) === 'DualDialogue');
    if (dd) {
      for (const q of kids(dd)) if (tagOf(q) === 'Paragraph') take(q, true);
      speaker = undefined;
    } else take(p, false);
  }
  return out;
}
