/**
 * report.html, first version: one self-contained page (no network) that shows what
 * filmscore heard and did — the arc over the shots with the events and hit points, the tempo
 * map and keys, the sections and why they are there, the loudness and the measured sync —
 * beside the scored video, with a cursor that follows playback. Charts are inline SVG here;
 * the report issue replaces them with a bundled charting library and thumbnails.
 */
import type { Analysis, ScorePlan, SyncReport } from '../model/artifacts.js';
import { secondsToTimecode } from '../time/timecode.js';

export interface ReportInput {
  readonly analysis: Analysis;
  readonly plan: ScorePlan;
  readonly sync: SyncReport | null;
  readonly loudness: { readonly target: number; readonly mixIntegrated: number; readonly mixTruePeak: number; readonly programIntegrated?: number; readonly programTruePeak?: number } | null;
  /** Path of the scored video relative to the report, or null. */
  readonly videoHref: string | null;
  readonly stems: readonly string[];
}

const W = 960, PAD = 40;

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function xOf(t: number, duration: number): number {
  return PAD + (t / Math.max(1e-9, duration)) * (W - 2 * PAD);
}

function polyline(ts: readonly number[], vs: readonly number[], duration: number, y: (v: number) => number, colour: string, width = 1.5): string {
  const pts = ts.map((t, i) => `${xOf(t, duration).toFixed(1)},${y(vs[i]!).toFixed(1)}`).join(' ');
  return `<polyline fill="none" stroke="${colour}" stroke-width="${width}" points="${pts}"/>`;
}

function arcChart(a: Analysis, plan: ScorePlan): string {
  const d = a.video.duration, H = 260, top = 20, bottom = H - 30;
  const y = (v: number): number => top + ((1 - v) / 2) * (bottom - top);
  const parts: string[] = [];
  a.shots.forEach((s, i) => {
    parts.push(`<rect x="${xOf(s.start, d).toFixed(1)}" y="${top}" width="${Math.max(0.5, xOf(s.end, d) - xOf(s.start, d)).toFixed(1)}" height="${bottom - top}" fill="${i % 2 ? '#f3f4f7' : '#e9ecf2'}"><title>shot ${i + 1}: ${s.start.toFixed(2)}–${s.end.toFixed(2)} s (${s.transition})</title></rect>`);
  });
  parts.push(`<line x1="${PAD}" x2="${W - PAD}" y1="${y(0)}" y2="${y(0)}" stroke="#999" stroke-dasharray="3 3"/>`);
  const ts = a.arc.map((p) => p.t);
  const up = a.arc.map((p) => Math.min(1, p.a + 2 * p.sigma)), lo = a.arc.map((p) => Math.max(-1, p.a - 2 * p.sigma));
  const band = [...ts.map((t, i) => `${xOf(t, d).toFixed(1)},${y(up[i]!).toFixed(1)}`), ...ts.map((t, i) => `${xOf(t, d).toFixed(1)},${y(lo[i]!).toFixed(1)}`).reverse()].join(' ');
  parts.push(`<polygon points="${band}" fill="#d6336c" opacity="0.12"/>`);
  parts.push(polyline(ts, a.arc.map((p) => p.a), d, y, '#d6336c', 2));
  parts.push(polyline(ts, a.arc.map((p) => p.v), d, y, '#1c7ed6', 2));
  parts.push(polyline(ts, a.arc.map((p) => p.d), d, y, '#37b24d', 1));
  for (const l of a.script.lines) parts.push(`<rect x="${xOf(l.start, d).toFixed(1)}" y="${bottom + 4}" width="${Math.max(1, xOf(l.end, d) - xOf(l.start, d)).toFixed(1)}" height="6" fill="#845ef7"><title>${esc((l.speaker ? l.speaker + ': ' : '') + l.text)}</title></rect>`);
  for (const s of a.speech) parts.push(`<rect x="${xOf(s.start, d).toFixed(1)}" y="${bottom + 12}" width="${Math.max(1, xOf(s.end, d) - xOf(s.start, d)).toFixed(1)}" height="4" fill="#f59f00"/>`);
  for (const h of plan.hitPoints) parts.push(`<line x1="${xOf(h.t, d).toFixed(1)}" x2="${xOf(h.t, d).toFixed(1)}" y1="${top}" y2="${bottom}" stroke="#e8590c" stroke-width="2"><title>hit ${esc(h.kind)} at ${h.t.toFixed(3)} s → bar ${h.bar} beat ${h.beat}</title></line>`);
  parts.push(`<text x="${PAD}" y="14" font-size="12">arousal (red, ±2σ band) · valence (blue) · dominance (green) · shots (bands) · lines (purple) · speech (amber) · hit points (orange)</text>`);
  return svg(H, parts);
}

function tempoChart(a: Analysis, plan: ScorePlan): string {
  const d = a.video.duration, H = 150, top = 20, bottom = H - 20;
  const bpms = plan.tempoMap.map((p) => p.bpm);
  const lo = Math.min(...bpms, ...a.curves.tempo) - 5, hi = Math.max(...bpms, ...a.curves.tempo) + 5;
  const y = (v: number): number => bottom - ((v - lo) / (hi - lo)) * (bottom - top);
  const parts: string[] = [];
  const pts: string[] = [];
  plan.tempoMap.forEach((p, i) => {
    const next = i + 1 < plan.tempoMap.length ? plan.tempoMap[i + 1]!.t : d;
    pts.push(`${xOf(p.t, d).toFixed(1)},${y(p.bpm).toFixed(1)}`, `${xOf(next, d).toFixed(1)},${y(p.bpm).toFixed(1)}`);
  });
  parts.push(`<polyline fill="none" stroke="#343a40" stroke-width="2" points="${pts.join(' ')}"/>`);
  parts.push(polyline(a.curves.t, a.curves.tempo, d, y, '#adb5bd', 1));
  for (const k of plan.keys) parts.push(`<text x="${xOf(k.t, d).toFixed(1)}" y="${bottom + 14}" font-size="11">${esc(k.key)} ${k.mode}</text>`);
  parts.push(`<text x="${PAD}" y="14" font-size="12">tempo map (black, ${Math.round(lo + 5)}–${Math.round(hi - 5)} bpm) · tempo the arc asks for (grey, eq. 10) · keys</text>`);
  return svg(H, parts);
}

function svg(h: number, parts: string[]): string {
  return `<svg class="chart" viewBox="0 0 ${W} ${h}" width="100%" data-pad="${PAD}" data-w="${W}">${parts.join('')}<line class="cursor" x1="${PAD}" x2="${PAD}" y1="0" y2="${h}" stroke="#000" stroke-width="1"/></svg>`;
}

/** The page as one HTML string. */
export function renderReport(r: ReportInput): string {
  const { analysis: a, plan } = r;
  const rate = a.video.fpsRational;
  const tc = (t: number): string => secondsToTimecode(Math.max(0, t), rate);
  const syncByT = new Map((r.sync?.hits ?? []).map((h) => [h.t, h]));
  const hitRows = plan.hitPoints.map((h) => {
    const m = syncByT.get(h.t);
    return `<tr><td>${tc(h.t)}</td><td>${h.t.toFixed(3)}</td><td>${esc(h.kind)}</td><td>${esc(h.label)}</td><td>${h.bar}:${h.beat}</td><td>${h.errorMs.toFixed(3)}</td><td>${m?.errorMs == null ? '—' : m.errorMs.toFixed(1)}</td></tr>`;
  }).join('');
  const sectionRows = plan.sections.map((s) => `<tr><td>${tc(s.start)}</td><td>${tc(s.end)}</td><td>${esc(s.name)}</td><td>${esc(s.reason)}</td><td>${s.texture}</td><td>${s.arousal.toFixed(2)}</td><td>${s.valence.toFixed(2)}</td></tr>`).join('');
  const diag = a.diagnostics.map((d) => `<li>${esc(d.level)} (${esc(d.stage)}): ${esc(d.message)}</li>`).join('');
  const loud = r.loudness
    ? `<p>Score mix: ${r.loudness.mixIntegrated.toFixed(1)} LUFS integrated, true peak ${r.loudness.mixTruePeak.toFixed(1)} dBTP. ${r.loudness.programIntegrated !== undefined ? `Program (dialogue + score) in the scored video: ${r.loudness.programIntegrated.toFixed(1)} LUFS, ${r.loudness.programTruePeak!.toFixed(1)} dBTP; target ${r.loudness.target} LUFS.` : ''}</p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>filmscore report — ${esc(a.video.file)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:24px;max-width:1000px;color:#212529}table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #dee2e6;padding:3px 8px;text-align:left}th{background:#f1f3f5}video{width:100%;max-height:420px;background:#000}.chart{display:block;margin:6px 0 14px;border:1px solid #e9ecef}</style>
</head><body>
<h1>filmscore report</h1>
<p><b>${esc(a.video.file)}</b> — ${a.video.duration.toFixed(3)} s, ${a.video.width}×${a.video.height}, ${a.video.fps.toFixed(3)} fps${a.video.vfr ? ' (variable)' : ''}. Style <b>${esc(plan.style)}</b>, seed ${plan.seed}. Prompt: “${esc(a.prompt.text)}”.</p>
${r.videoHref ? `<video id="player" controls preload="metadata" src="${esc(r.videoHref)}"></video>` : '<p>(no scored video was written)</p>'}
<h2>The scene and its arc</h2>${arcChart(a, plan)}
<h2>Tempo map and keys</h2>${tempoChart(a, plan)}
<h2>Hit points</h2><p>Each hit is locked to a beat by the tempo map; “plan error” is the MIDI timing error, “measured” the onset measured on the rendered audio.</p>
<table><tr><th>timecode</th><th>seconds</th><th>kind</th><th>why</th><th>bar:beat</th><th>plan error ms</th><th>measured error ms</th></tr>${hitRows}</table>
<h2>Sections</h2><table><tr><th>from</th><th>to</th><th>section</th><th>why it starts there</th><th>texture</th><th>arousal</th><th>valence</th></tr>${sectionRows}</table>
<h2>Loudness</h2>${loud}
<h2>Stems</h2><p>${r.stems.map(esc).join(', ')}</p>
${a.prompt.unknownWords.length ? `<h2>Prompt words not understood</h2><p>${a.prompt.unknownWords.map(esc).join(', ')}</p>` : ''}
${diag ? `<h2>Notes</h2><ul>${diag}</ul>` : ''}
<script>
(function(){var v=document.getElementById('player');if(!v)return;var d=${a.video.duration};
v.addEventListener('timeupdate',function(){document.querySelectorAll('svg.chart').forEach(function(s){var p=+s.dataset.pad,w=+s.dataset.w,x=p+(v.currentTime/d)*(w-2*p);var c=s.querySelector('.cursor');c.setAttribute('x1',x);c.setAttribute('x2',x);});});
document.querySelectorAll('svg.chart').forEach(function(s){s.addEventListener('click',function(e){var r=s.getBoundingClientRect(),p=+s.dataset.pad,w=+s.dataset.w;var x=(e.clientX-r.left)/r.width*w;v.currentTime=Math.max(0,Math.min(d,(x-p)/(w-2*p)*d));});});})();
</script>
</body></html>
`;
}
