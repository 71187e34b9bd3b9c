/**
 * report.html: one self-contained page (works offline, no CDN, no network) that shows what
 * filmscore heard and did, beside the scored video: the picture as a strip of shot
 * thumbnails, the emotional arc (words, picture, combined, with its uncertainty), the events
 * and hit points, the tempo map and keys, the sections and why they start where they do, the
 * loudness of the mix and of the program over the dialogue regions, and the measured sync of
 * every hit. Charts are drawn by uPlot, bundled inline (./assets.ts); the page's own script is
 * ./report-client.ts; the data is one JSON block (./report-data.ts).
 *
 * The scored video is linked by relative path (scored.<ext> in the same folder), not embedded,
 * so the page stays small; the charts draw without it.
 */
import type { Analysis, ScorePlan, SyncReport } from '../model/artifacts.js';
import { secondsToTimecode } from '../time/timecode.js';
import { inlineAssets, inlineSafe } from './assets.js';
import { REPORT_CLIENT_JS } from './report-client.js';
import { reportData, type LoudnessSummary, type ReportData } from './report-data.js';
import type { LoudnessSeries } from './loudness-series.js';
import type { ThumbnailSheet } from './thumbnails.js';

export interface ReportInput {
  readonly analysis: Analysis;
  readonly plan: ScorePlan;
  readonly sync: SyncReport | null;
  readonly loudness: LoudnessSummary | null;
  /** Path of the scored video relative to the report, or null. */
  readonly videoHref: string | null;
  readonly stems: readonly string[];
  readonly thumbnails?: ThumbnailSheet;
  readonly mixSeries?: LoudnessSeries | null;
  readonly programSeries?: LoudnessSeries | null;
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const num = (x: number | null | undefined, d: number, unit = ''): string => (x == null || !Number.isFinite(x) ? '—' : `${x.toFixed(d)}${unit}`);

const CSS = `
:root{--bg:#14161b;--panel:#1b1e25;--line:#2a2f39;--text:#d7dce4;--dim:#8a93a3;--accent:#ffa94d;--ok:#51cf66;--bad:#ff6b6b}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:13px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}
header{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 18px;padding:12px 20px;border-bottom:1px solid var(--line);background:#111318}
header h1{font-size:16px;margin:0;font-weight:600;letter-spacing:.02em}
header h1 span{color:var(--accent)}
header .meta{color:var(--dim)}
header .meta b{color:var(--text);font-weight:500}
.layout{display:grid;grid-template-columns:minmax(300px,400px) 1fr;gap:16px;padding:16px 20px}
aside{position:sticky;top:10px;align-self:start}
video{width:100%;background:#000;border:1px solid var(--line);border-radius:4px;display:block}
.ph{font:600 20px/1.2 ui-monospace,SFMono-Regular,Menlo,monospace;margin:8px 0 2px;color:#fff}
.ph small{font:12px system-ui,sans-serif;color:var(--dim);margin-left:6px}
.note{color:var(--dim);font-size:12px;margin:4px 0 10px}
.warn{color:var(--bad)}
dl.kv{display:grid;grid-template-columns:auto 1fr;gap:3px 12px;margin:10px 0;padding:10px 12px;background:var(--panel);border:1px solid var(--line);border-radius:4px}
dl.kv dt{color:var(--dim)}dl.kv dd{margin:0;font-variant-numeric:tabular-nums}
#plots{min-width:0}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:8px 12px 6px;margin-bottom:12px}
.panel h2{font-size:13px;margin:0 0 2px;font-weight:600}
.panel h2 .n{display:inline-block;width:18px;height:18px;line-height:18px;text-align:center;border-radius:50%;background:#2f3542;color:var(--dim);font-size:11px;margin-right:6px}
.panel .help{color:var(--dim);font-size:12px;margin:0 0 4px}
.chart.na{padding:18px;color:var(--dim);font-style:italic;border:1px dashed var(--line);border-radius:4px}
.info{min-height:18px;font-size:12px;color:var(--text);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.info .tc,.tc{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;color:#fff}
.info .q{font-style:italic;color:#e5dbff}
.hitc{color:var(--accent)}.speechc{color:#ffd43b}
.playhead{position:absolute;top:0;bottom:0;left:0;width:2px;margin-left:-1px;background:#ff3b30;box-shadow:0 0 4px rgba(255,59,48,.7);pointer-events:none;z-index:5}
.uplot{font-family:system-ui,sans-serif}
.u-legend{font-size:12px;color:var(--text);text-align:left;margin-top:2px}
.u-legend .u-marker{width:14px;height:3px;border-radius:0;margin-right:5px}
.u-legend th{font-weight:500}.u-legend td{font-variant-numeric:tabular-nums}
.u-legend .u-series{padding:0 6px}
.u-legend .u-off > *{opacity:.35}
.u-select{background:rgba(255,255,255,.08)}
.u-cursor-x{border-right:1px dashed #8a93a3 !important}.u-cursor-y{display:none}
.wide{padding:0 20px 24px}
.wide h2{font-size:15px;margin:18px 0 6px}
table{border-collapse:collapse;width:100%;background:var(--panel);border:1px solid var(--line);font-variant-numeric:tabular-nums}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:#222631;color:var(--dim);font-weight:500;font-size:12px;position:sticky;top:0}
td.r,th.r{text-align:right}
tr[data-t]{cursor:pointer}tr[data-t]:hover td{background:#252a35}
.ok{color:var(--ok)}.bad{color:var(--bad)}
.legend{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:8px 20px;background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:12px 16px}
.legend div b{color:#fff}
.sw{display:inline-block;width:18px;height:4px;vertical-align:middle;margin-right:6px;border-radius:1px}
.sw.d{background:repeating-linear-gradient(90deg,currentColor 0 6px,transparent 6px 9px)!important;height:2px}
ul.diag{margin:0;padding-left:18px;color:var(--dim)}
footer{color:var(--dim);font-size:11px;padding:0 20px 20px}
`;

interface PanelSpec { readonly id: string; readonly n: number; readonly title: string; readonly help: string; readonly extra?: string; readonly idle?: string }

function panel(p: PanelSpec): string {
  return `<section class="panel" id="${p.id}"><h2><span class="n">${p.n}</span>${esc(p.title)}</h2><p class="help">${p.help}</p>${p.extra ?? ''}<div class="chart"></div><div class="info">${esc(p.idle ?? 'Move over the plot to read values; click to move the video there; drag to zoom all plots, double-click to zoom out.')}</div></section>`;
}

function hitTable(d: ReportData, tc: (t: number) => string): string {
  if (d.hits.length === 0) return '<p class="note">The plan has no hit points.</p>';
  const rows = d.hits.map((h, i) => {
    const frames = h.measuredMs == null ? null : h.measuredMs / d.frameMs;
    const inSync = frames == null ? null : Math.abs(frames) <= 1;
    const status = inSync == null ? '<span class="note">not measured</span>' : inSync ? '<span class="ok">in sync</span>' : '<span class="bad">off by more than a frame</span>';
    return `<tr data-t="${h.t}"><td class="r">${i + 1}</td><td class="tc">${tc(h.t)}</td><td>${esc(h.kind)}</td><td>${esc(h.label)}</td><td class="r">${h.bar}:${h.beat}</td><td class="r">${num(h.planMs, 2)}</td><td class="r">${h.measuredMs == null ? '—' : (h.measuredMs >= 0 ? '+' : '') + h.measuredMs.toFixed(1)}</td><td class="r">${frames == null ? '—' : (frames >= 0 ? '+' : '') + frames.toFixed(2)}</td><td>${status}</td></tr>`;
  }).join('');
  return `<table id="hits"><thead><tr><th class="r">#</th><th>timecode</th><th>kind</th><th>what it marks</th><th class="r">bar:beat</th><th class="r">planned error ms</th><th class="r">measured error ms</th><th class="r">measured error frames</th><th>sync</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function sectionTable(d: ReportData, tc: (t: number) => string): string {
  if (d.sections.length === 0) return '<p class="note">The plan has no sections.</p>';
  const rows = d.sections.map((s) => `<tr data-t="${s.start}"><td class="tc">${tc(s.start)}</td><td class="tc">${tc(s.end)}</td><td>${esc(s.name)}</td><td>${esc(s.reason)}</td><td>${esc(s.texture)}</td><td class="r">${num(s.energy, 2)}</td><td class="r">${num(s.tension, 2)}</td><td class="r">${num(s.arousal, 2)}</td><td class="r">${num(s.valence, 2)}</td></tr>`).join('');
  return `<table id="sections"><thead><tr><th>from</th><th>to</th><th>section</th><th>why it starts there</th><th>texture</th><th class="r">energy</th><th class="r">tension</th><th class="r">intensity</th><th class="r">mood</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const LEGEND = `
<div><b>Timecode</b> — SMPTE hours:minutes:seconds:frames of the picture, counted from its first frame (00:00:00:00). A “;” before the frames means drop-frame (29.97/59.94 fps).</div>
<div><b>Playhead</b> — the red line on every plot is where the video is. Click any plot or table row to jump there; drag across a plot to zoom all plots, double-click to zoom out.</div>
<div><span class="sw" style="background:#ff6b6b"></span><b>Intensity</b> (arousal) — how calm (−1) or keyed-up (+1) the scene feels. The music gets faster, louder and denser as it rises.</div>
<div><span class="sw" style="background:#4dabf7"></span><b>Mood</b> (valence) — dark, unpleasant (−1) to bright, pleasant (+1). It steers major/minor and harmony.</div>
<div><span class="sw" style="background:rgba(255,107,107,.35);height:10px"></span><b>Combined, with its band</b> — what filmscore believes after weighing the words, the picture and your prompt (a Kalman smoother). The band is ±1 standard deviation: the wider, the less sure.</div>
<div><span class="sw d" style="color:#ff6b6b"></span><b>From the words</b> (long dashes) — read from each script or subtitle line while it is on screen. <span class="sw d" style="color:#ff6b6b;background:repeating-linear-gradient(90deg,#ff6b6b 0 2px,transparent 2px 5px)!important"></span><b>From the picture</b> (short dashes) — from motion, cutting pace, brightness and colour.</div>
<div><b>Events</b> — what filmscore noticed, one row per source: picture (cuts, fades, flashes, motion peaks), script (lines), sound, your prompt (build, hit, drop…), story beats. Bigger dot = stronger.</div>
<div><span class="sw" style="background:#ffa94d"></span><b>Hit point</b> — a frame the music lands on (a cut, an impact, a prompt cue). Bar:beat is where it falls in the score; dashed orange lines mark them on every plot.</div>
<div><span class="sw" style="background:#e599f7"></span><b>Tempo map</b> — the tempo the score plays, in beats per minute; it bends so hit points land on beats. Grey: the tempo the scene's intensity asks for. Coloured bands: the key (blue minor, amber major).</div>
<div><b>Sections</b> — the score's cues and their parts, each with the reason it starts there (a cut, a prompt cue, a change of intensity). Texture: full, sparse, drone, or silence.</div>
<div><span class="sw" style="background:#74c0fc"></span><b>Loudness</b> — an EBU R128 meter over time, in LUFS: momentary (0.4 s, thin) and short-term (3 s, thick), for the score mix alone and for the program (your dialogue and effects plus the score). Yellow: where people speak; the score ducks under them. Dashed: the delivery target.</div>
<div><span class="sw" style="background:#51cf66"></span><b>Sync</b> — for each hit point, where the music's attack was measured in the rendered audio minus the hit's frame, in milliseconds (late is +). Inside the green band (±1 frame) is in sync. Planned error is the tempo map's rounding before rendering.</div>
`;

/** The page as one HTML string. */
export function renderReport(r: ReportInput): string {
  const { analysis: a, plan } = r;
  const d = reportData(r);
  const rate = d.fps;
  const tc = (t: number): string => secondsToTimecode(Math.max(0, t), rate);
  const assets = inlineAssets();
  const s = r.loudness;
  const maxSync = d.sync?.maxAbsErrorMs;
  const measured = d.hits.filter((h) => h.measuredMs != null).length;
  const diag = (a.diagnostics ?? []).map((x) => `<li>${esc(x.level)} (${esc(x.stage)}): ${esc(x.message)}</li>`).join('');
  const unknown = a.prompt?.unknownWords ?? [];
  const json = JSON.stringify(d).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const video = r.videoHref
    ? `<video id="player" controls preload="metadata" src="${esc(encodeURI(r.videoHref))}"></video>
<p class="note">The video plays <b>${esc(r.videoHref)}</b> from this page's folder; it is linked, not embedded, to keep this page small. Keep the two files together.</p>
<p class="note warn" id="video-missing" hidden>The scored video was not found beside this page (${esc(r.videoHref)}). The plots still work.</p>`
    : '<p class="note">No scored video was written for this run (--no-video); the plots still work.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>filmscore report — ${esc(a.video.file)}</title>
<style>${inlineSafe(assets.uplotCss)}</style>
<style>${CSS}</style>
</head><body>
<header><h1><span>filmscore</span> report</h1>
<div class="meta"><b>${esc(a.video.file)}</b> · ${tc(a.video.duration)} (${a.video.duration.toFixed(3)} s) · ${esc(d.fpsText)} · ${a.video.width}×${a.video.height} · style <b>${esc(plan.style)}</b> · seed ${plan.seed}</div>
<div class="meta">Prompt: “${esc(a.prompt?.text ?? '')}”</div></header>
<div class="layout">
<aside>
${video}
<div class="ph" id="playhead-tc">${tc(0)}</div><div class="note">playhead · click a plot or a table row to move it</div>
<dl class="kv">
<dt>Shots</dt><dd>${a.shots.length}</dd>
<dt>Lines</dt><dd>${a.script?.lines?.length ?? 0}${a.script?.file ? ` from ${esc(a.script.file)}` : ''}</dd>
<dt>Hit points</dt><dd>${d.hits.length}</dd>
<dt>Sync</dt><dd>${maxSync == null ? (d.sync ? 'no onset measured' : 'not measured') : `worst ${maxSync.toFixed(1)} ms = ${(maxSync / d.frameMs).toFixed(2)} frames (${measured} of ${d.hits.length} measured)`}</dd>
<dt>Tempo</dt><dd>${plan.tempoMap.length ? `${Math.min(...plan.tempoMap.map((p) => p.bpm)).toFixed(0)}–${Math.max(...plan.tempoMap.map((p) => p.bpm)).toFixed(0)} bpm, ${plan.meter.numerator}/${plan.meter.denominator}` : '—'}</dd>
<dt>Keys</dt><dd>${plan.keys.map((k) => `${esc(k.key)} ${k.mode}`).join(' → ') || '—'}</dd>
<dt>Score mix</dt><dd>${s ? `${num(s.mixIntegrated, 1)} LUFS, ${num(s.mixTruePeak, 1)} dBTP` : '—'}</dd>
<dt>Program</dt><dd>${s && s.programIntegrated !== undefined ? `${num(s.programIntegrated, 1)} LUFS, ${num(s.programTruePeak, 1)} dBTP (target ${s.target})` : '—'}</dd>
<dt>Stems</dt><dd>${r.stems.map(esc).join(', ') || '—'}</dd>
<dt>Instruments</dt><dd>${(plan.instrumentation ?? []).map(esc).join(', ') || '—'}</dd>
</dl>
</aside>
<main id="plots">
${panel({ id: 'p-strip', n: 1, title: 'Picture — one frame from the middle of each shot', help: 'The scene as shot thumbnails on the timeline; shot numbers at top left, dark wedges where a shot fades or dissolves in.' })}
${panel({ id: 'p-arc', n: 2, title: 'Emotional arc — intensity and mood', help: 'Solid: the combined estimate the music follows, with its ±1σ uncertainty band. Long dashes: from the words. Short dashes: from the picture. Click a legend entry to show or hide it.', extra: '<p class="note" id="arc-pic-note" hidden>The picture’s own estimate is not in this analysis.json (written by newer versions).</p>' })}
${panel({ id: 'p-events', n: 3, title: 'Events and hit points', help: 'What filmscore noticed, by source (bigger = stronger); green arcs link a cause to its effect in the story (a build-up to its climax); orange diamonds are the hit points the music lands on, with their bar:beat.' })}
${panel({ id: 'p-tempo', n: 4, title: 'Tempo map and keys', help: 'The score’s tempo (steps) against the tempo the scene’s intensity asks for; keys as bands.' })}
${panel({ id: 'p-sections', n: 5, title: 'Sections and why they are there', help: 'Each section of the score with the reason it starts where it does; the curves are the tension, dynamics and density the composer followed.' })}
${panel({ id: 'p-loudness', n: 6, title: 'Loudness and dialogue', help: 'EBU R128 loudness over time of the score mix and of the program; dialogue regions shaded yellow (the score ducks there).' })}
${panel({ id: 'p-sync', n: 7, title: 'Measured sync of every hit point', help: `Error of the music’s attack measured in the rendered audio (${esc(d.sync?.measuredOn ?? 'not measured')}), in ms; inside the green band is within one frame.`, extra: '<p class="note warn" id="sync-none" hidden>No attack could be measured at any hit point.</p>' })}
</main>
</div>
<div class="wide">
<h2>Hit points and cues</h2>
${hitTable(d, tc)}
<h2>Sections</h2>
${sectionTable(d, tc)}
<h2>How to read this page</h2>
<div class="legend">${LEGEND}</div>
${unknown.length ? `<h2>Prompt words not understood</h2><p>${unknown.map(esc).join(', ')}</p>` : ''}
${diag ? `<h2>Notes from the run</h2><ul class="diag">${diag}</ul>` : ''}
</div>
<footer>Written by filmscore. Self-contained: works offline; charts by uPlot ${esc(assets.uplotVersion)} (MIT), bundled in this page. Rebuild with <code>filmscore report &lt;output-folder&gt;</code>.</footer>
<script type="application/json" id="fs-data">${json}</script>
<script>${inlineSafe(assets.uplotJs)}</script>
<script>${inlineSafe(REPORT_CLIENT_JS)}</script>
</body></html>
`;
}
