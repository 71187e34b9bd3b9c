/**
 * Sync measured on rendered audio when there is no percussion: hits played by a slow synth pad
 * and a horn entry under sustained strings. Every planned hit's measured onset must lie within
 * ±10 ms of plan (the sync-report.json criterion), each measured on the audio of its own notes.
 * The same render shifted by +30 ms and −20 ms: the cross-correlation's global offset recovers
 * each shift within ±2 ms and every hit's error moves by it. DTW cut matching on bursts at known
 * times with cuts placed 0, −40, +30 ms from them, an onset without a cut and a cut 1.5 s from
 * any onset: each cut's nearestHitMs (null for the lone cut).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSoundBankFile, renderScoreStems } from '../src/render/soundfont.js';
import { buildDeliveryMix } from '../src/render/delivery-mix.js';
import { measureScoreSync, hitNoteStems } from '../src/pipeline/score-sync.js';
import { verifySync } from '../src/deliver/sync-verify.js';
import { dtw } from '../src/util/dtw.js';
import type { HitPoint, Score, StemName, Track } from '../src/model/artifacts.js';

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
  console.log(`in place: global offset ${report.globalOffsetMs} ms, hit errors ${report.hits.map((h) => `${h.errorMs} ms (${h.measuredOn})`).join(', ')}`);

  // The same audio played late by 30 ms and early by 20 ms: the cross-correlation's global
  // offset (2 ms steps) recovers the shift within ±2 ms, and every hit measured on the shifted
  // audio moves by the shift (within ±2 ms of its in-place error).
  const shift = (chs: readonly Float32Array[], by: number): Float32Array[] => chs.map((ch) => {
    const o = new Float32Array(ch.length);
    if (by >= 0) o.set(ch.subarray(0, ch.length - by), by);
    else o.set(ch.subarray(-by));
    return o;
  });
  const names = (st: StemName): string => `stems/unducked/${st}.wav`;
  const order = hitNoteStems(score, hits).map((sts) => sts.map(names));
  const inPlace = verifySync(d.unduckedMix, SR, hits, [], 'mix (unducked)', {}, { sources: new Map([...d.unduckedStems].map(([st, ch]) => [names(st), ch])), order });
  for (const ms of [30, -20]) {
    const by = Math.round((ms / 1000) * SR);
    const sources = new Map([...d.unduckedStems].map(([st, ch]) => [names(st), shift(ch, by)]));
    const moved = verifySync(shift(d.unduckedMix, by), SR, hits, [], 'mix (unducked), shifted', {}, { sources, order });
    console.log(`shifted ${ms > 0 ? '+' : ''}${ms} ms: global offset ${moved.globalOffsetMs} ms (in place ${inPlace.globalOffsetMs} ms), hit errors ${moved.hits.map((h) => h.errorMs).join(', ')} ms`);
    // Within ±2 ms of the shift, and of the shift plus the in-place offset (one 2 ms step: the
    // samples' attacks take a millisecond or two to rise).
    assert.ok(Math.abs(moved.globalOffsetMs - ms) <= 2, `shift ${ms} ms: global offset ${moved.globalOffsetMs} ms`);
    assert.ok(Math.abs(moved.globalOffsetMs - inPlace.globalOffsetMs - ms) <= 2, `shift ${ms} ms: global offset ${moved.globalOffsetMs} ms, ${inPlace.globalOffsetMs} ms in place`);
    moved.hits.forEach((h, k) => {
      const before = inPlace.hits[k]!;
      assert.ok(h.errorMs !== null && before.errorMs !== null, `hit at ${h.t} s measured`);
      assert.ok(Math.abs(h.errorMs - before.errorMs - ms) <= 2, `hit at ${h.t} s: ${before.errorMs} ms in place, ${h.errorMs} ms shifted by ${ms} ms`);
    });
  }
});

test('sync report: cuts matched to musical onsets by DTW, with a known mismatch', () => {
  // Percussive bursts (5 ms attack, 150 ms decay, noise) at known times; the picture's cuts
  // sit on some of them, 40 ms before one, 30 ms after another, and one cut has no music near
  // it at all. Each cut's nearestHitMs is (matched onset − cut); hits as planned on the bursts.
  const bursts = [1, 2.5, 4, 5.5, 7];
  const n = 9 * SR;
  const x = new Float32Array(n);
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  for (const t of bursts) {
    const i0 = Math.round(t * SR);
    for (let i = 0; i < 0.4 * SR; i++) {
      const u = i / SR;
      x[i0 + i] += 0.5 * rnd() * Math.min(1, u / 0.005) * Math.exp(-u / 0.15);
    }
  }
  const hits = bursts.map((t, k) => ({ t, kind: 'cut', label: `burst ${k}`, strength: 1, bar: 1, beat: 1, tick: 0, errorMs: 0 })) as unknown as HitPoint[];
  const cuts = [1, 2.54, 3.97, 7, 8.5];
  const rep = verifySync([x, x], SR, hits, cuts, 'bursts');
  console.log(`cuts ${cuts.join(', ')} s → nearestHitMs ${rep.cuts.map((c) => c.nearestHitMs ?? 'null').join(', ')}; global offset ${rep.globalOffsetMs} ms; hit errors ${rep.hits.map((h) => h.errorMs).join(', ')} ms`);
  assert.deepEqual(rep.cuts.map((c) => c.t), cuts, 'one entry per cut, in order');
  // The onset at 5.5 s has no cut and the cut at 8.5 s has no onset: neither pulls the others
  // (plain DTW matched 5.5 s to the cut at 7 s and 7 s to the cut at 8.5 s: −1500, −1500).
  const want = [0, -40, 30, 0, null];
  rep.cuts.forEach((c, k) => {
    const w = want[k]!;
    if (w === null) assert.equal(c.nearestHitMs, null, `cut at ${c.t} s has no music near it: ${c.nearestHitMs} ms`);
    else assert.ok(c.nearestHitMs !== null && Math.abs(c.nearestHitMs - w) <= 3, `cut at ${c.t} s: nearest musical onset ${c.nearestHitMs} ms, expected ${w} ms (±3)`);
  });
  // The same cuts as one list per onset: plain DTW (no gaps) is what eq. 7 writes, and on lists
  // that correspond one to one it gives the same matches.
  assert.deepEqual(dtw([1, 2, 3], [1.01, 2.02, 2.97], (m, v) => Math.abs(m - v)).path, [[0, 0], [1, 1], [2, 2]]);
  assert.deepEqual(dtw([1, 2, 3], [1.01, 2.02, 2.97], (m, v) => Math.abs(m - v), 0.25).path, [[0, 0], [1, 1], [2, 2]]);
  assert.deepEqual(dtw([1, 5.5, 7], [1, 7, 8.5], (m, v) => Math.abs(m - v), 0.25).path, [[0, 0], [2, 1]]);
  // Hits are on the bursts: measured within ±2 ms, and the global offset is 0 (±2 ms).
  for (const h of rep.hits) assert.ok(h.errorMs !== null && Math.abs(h.errorMs) <= 2, `burst at ${h.t} s: ${h.errorMs} ms`);
  assert.ok(Math.abs(rep.globalOffsetMs) <= 2 && rep.maxAbsErrorMs !== null && rep.maxAbsErrorMs <= 2);
  // No onsets at all (silence): every cut is reported unmatched, every hit unmeasured.
  const silent = verifySync([new Float32Array(n), new Float32Array(n)], SR, hits, cuts, 'silence');
  assert.ok(silent.cuts.every((c) => c.nearestHitMs === null) && silent.hits.every((h) => h.errorMs === null) && silent.maxAbsErrorMs === null);
});
