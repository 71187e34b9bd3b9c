/**
 * Sync measured on rendered audio when there is no percussion: hits played by a slow synth pad
 * and a horn entry under sustained strings. Every planned hit's measured onset must lie within
 * ±10 ms of plan (the sync-report.json criterion), each measured on the audio of its own notes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSoundBankFile, renderScoreStems } from '../src/render/soundfont.js';
import { buildDeliveryMix } from '../src/render/delivery-mix.js';
import { measureScoreSync, hitNoteStems } from '../src/pipeline/score-sync.js';
import type { HitPoint, Score, Track } from '../src/model/artifacts.js';

const SR = 48000;

test('no percussion stem: every hit (pad swell, horn entry) measured within ±10 ms of plan', async () => {
  const bank = await readSoundBankFile();
  const tickAt = (t: number): number => Math.round(t * 2 * 960); // 120 bpm
  const hitTimes = [2, 4.5, 7.25, 9.5];
  const track = (name: string, stem: Track['stem'], program: number, channel: number, notes: [number, number, number, number][]): Track => ({
    name, stem, program, channel, controls: [],
    notes: notes.map(([t, d, pitch, velocity]) => ({ tick: tickAt(t), duration: tickAt(d), pitch, velocity })) as unknown as Track['notes'],
  });
  const score: Score = {
    ppq: 960,
    tempoMap: [{ tick: 0, usPerQuarter: 500000 }] as unknown as Score['tempoMap'],
    meter: { numerator: 4, denominator: 4 },
    markers: [],
    endTick: tickAt(12) as Score['endTick'],
    tracks: [
      track('Strings', 'strings', 48, 0, [[0, 6, 57, 80], [0, 6, 60, 80], [0, 6, 64, 80], [6, 6, 55, 80], [6, 6, 59, 80], [6, 6, 62, 80]]),
      track('Synth Pad', 'synths', 89, 1, [[2, 2, 69, 90], [7.25, 2, 67, 90]]),
      track('Horn', 'brass', 60, 2, [[4.5, 1.5, 65, 100], [9.5, 1.5, 62, 100]]),
    ],
  };
  const hits = hitTimes.map((t, k) => ({ t, kind: 'cut', label: `hit ${k}`, strength: 1, bar: 1, beat: 1, tick: tickAt(t), errorMs: 0 })) as unknown as HitPoint[];
  assert.deepEqual(hitNoteStems(score, hits), [['synths'], ['brass'], ['synths'], ['brass']]);
  const length = 12 * SR;
  const r = renderScoreStems(score, length, bank);
  const d = buildDeliveryMix({ stems: r.stems, effectsReturn: r.effectsReturn, production: null, speech: [], sampleRate: SR, target: -23, truePeakCeiling: -1 });
  assert.equal(d.unduckedStems.has('percussion'), false);
  const report = await measureScoreSync(score, hits, [4.5], d.unduckedStems, d.unduckedMix, bank);
  for (const h of report.hits) {
    assert.ok(h.measuredT !== null && h.errorMs !== null, `hit at ${h.t} s not measured`);
    assert.ok(Math.abs(h.errorMs) <= 10, `hit at ${h.t} s measured ${h.errorMs} ms off on ${h.measuredOn}`);
  }
  assert.ok(report.maxAbsErrorMs !== null && report.maxAbsErrorMs <= 10);
  assert.ok(Math.abs(report.globalOffsetMs) <= 10, `global offset ${report.globalOffsetMs} ms`);
});
