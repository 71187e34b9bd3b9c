/**
 * The fused arc on real media (../shared/media; skipped when absent): the Sintel trailer's
 * action middle is more aroused than its dark title card ending, the arc stays in range
 * with a finite uncertainty, and the event graph chains the trailer's real cuts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SHARED_MEDIA } from './support/cli.js';
import { runAnalyze } from '../src/pipeline/score.js';
import { Progress } from '../src/pipeline/progress.js';
import type { Analysis } from '../src/model/artifacts.js';

const sintel = SHARED_MEDIA ? path.join(SHARED_MEDIA, 'sintel-trailer.mp4') : '';
const skip = SHARED_MEDIA && fs.existsSync(sintel) ? false : '../shared/media/sintel-trailer.mp4 is absent';

test('Sintel trailer: the action middle is more aroused than the closing title; graph chains the cuts', { skip }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmscore-fusion-sintel-'));
  try {
    await runAnalyze({ video: sintel, script: path.join(SHARED_MEDIA!, 'sintel-trailer.en.srt'), out: dir }, new Progress(false));
    const a = JSON.parse(fs.readFileSync(path.join(dir, 'analysis.json'), 'utf8')) as Analysis;
    const mean = (t0: number, t1: number): number => {
      const ps = a.arc.filter((p) => p.t >= t0 && p.t <= t1);
      return ps.reduce((s, p) => s + p.a, 0) / ps.length;
    };
    // 24–40 s: fights and the dragon, fast cutting; 47–52 s: the dark title card.
    assert.ok(mean(24, 40) > mean(47, 52) + 0.3, `middle ${mean(24, 40)} vs title ${mean(47, 52)}`);
    for (const p of a.arc) {
      assert.ok([p.v, p.a, p.d].every((x) => x >= -1 && x <= 1));
      assert.ok(p.sigma > 0 && p.sigma < 0.5, `sigma ${p.sigma} at ${p.t}`);
    }
    const g = a.graph!;
    const cutNodes = g.nodes.filter((n) => n.kind === 'cut');
    assert.ok(cutNodes.length >= 8, `cut nodes ${cutNodes.length}`);
    assert.equal(g.edges.filter((e) => e.kind === 'temporal').length, g.nodes.length - 1);
    // Mode changes are few on a 52 s trailer and land on shot boundaries or stay ≥ 4 s apart.
    const m = a.curves.mode;
    const changes = m.map((x, i) => (i > 0 && x !== m[i - 1] ? a.curves.t[i]! : -1)).filter((t) => t >= 0);
    assert.ok(changes.length <= 4, `mode changes at ${changes.join(', ')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
