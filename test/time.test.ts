/**
 * Time model: rational rates, SMPTE timecode (incl. drop-frame), loose human times,
 * and the tempo map (ticks ↔ seconds ↔ bars/beats).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Rational } from '../src/model/artifacts.js';
import { UserInputError } from '../src/model/errors.js';
import { PPQ } from '../src/model/units.js';
import {
  formatRational,
  frameDuration,
  framesToSeconds,
  isDropFrameRate,
  parseRational,
  rational,
  rationalToNumber,
  secondsToFrames,
} from '../src/time/rational.js';
import {
  formatSeconds,
  framesToTimecode,
  parseLooseTime,
  secondsToTimecode,
  timecodeToFrames,
  timecodeToSeconds,
} from '../src/time/timecode.js';
import { bpmToUsPerQuarter, TempoMap, type TempoSegment } from '../src/time/tempo-map.js';

const R = {
  r23976: rational(24000, 1001),
  r24: rational(24),
  r25: rational(25),
  r2997: rational(30000, 1001),
  r30: rational(30),
  r50: rational(50),
  r5994: rational(60000, 1001),
};

// ------------------------------------------------------------------ rational

test('parseRational reads fractions, integers and NTSC decimals exactly', () => {
  const table: [string, Rational][] = [
    ['24000/1001', { num: 24000, den: 1001 }],
    ['30000/1001', { num: 30000, den: 1001 }],
    ['48000/2002', { num: 24000, den: 1001 }],
    ['25', { num: 25, den: 1 }],
    ['50/2', { num: 25, den: 1 }],
    [' 30 ', { num: 30, den: 1 }],
    ['29.97', { num: 30000, den: 1001 }],
    ['29.970', { num: 30000, den: 1001 }],
    ['23.976', { num: 24000, den: 1001 }],
    ['23.98', { num: 24000, den: 1001 }],
    ['59.94', { num: 60000, den: 1001 }],
    ['12.5', { num: 25, den: 2 }],
    ['24.0', { num: 24, den: 1 }],
  ];
  for (const [text, want] of table) assert.deepEqual(parseRational(text), want, text);
  for (const bad of ['', 'abc', '0', '0/1', '24/0', '-25', '1e3', '25fps']) {
    assert.throws(() => parseRational(bad, { field: '--fps' }), UserInputError, bad);
  }
});

test('rational helpers: gcd normalisation, numbers, frame duration, drop-frame rates', () => {
  assert.deepEqual(rational(60000, 2002), { num: 30000, den: 1001 });
  assert.deepEqual(rational(3, -6), { num: -1, den: 2 });
  assert.equal(rationalToNumber(R.r2997), 30000 / 1001);
  assert.equal(frameDuration(R.r25), 0.04);
  assert.equal(frameDuration(R.r23976), 1001 / 24000);
  assert.equal(formatRational(R.r23976), '24000/1001');
  assert.equal(formatRational(R.r25), '25');
  assert.equal(isDropFrameRate(R.r2997), true);
  assert.equal(isDropFrameRate(R.r5994), true);
  assert.equal(isDropFrameRate(rational(60000, 2002)), true);
  for (const r of [R.r23976, R.r24, R.r25, R.r30, R.r50]) assert.equal(isDropFrameRate(r), false);
});

test('frames → seconds → frames is exact for every rounding mode', () => {
  fc.assert(
    fc.property(fc.constantFrom(...Object.values(R)), fc.integer({ min: 0, max: 10_000_000 }), (rate, frame) => {
      const t = framesToSeconds(frame, rate);
      assert.equal(t, (frame * rate.den) / rate.num);
      for (const mode of ['floor', 'round', 'ceil'] as const) assert.equal(secondsToFrames(t, rate, mode), frame);
    }),
  );
  // Inside a frame: floor is the frame on screen, ceil the next one.
  const mid = framesToSeconds(10, R.r23976) + 0.5 * frameDuration(R.r23976);
  assert.equal(secondsToFrames(mid, R.r23976, 'floor'), 10);
  assert.equal(secondsToFrames(mid, R.r23976, 'ceil'), 11);
});

// ------------------------------------------------------------------ timecode

test('timecode frames → tc → frames round trips at every common rate, DF and NDF', () => {
  const cases: [Rational, boolean][] = [
    [R.r23976, false],
    [R.r24, false],
    [R.r25, false],
    [R.r2997, true],
    [R.r2997, false],
    [R.r30, false],
    [R.r50, false],
    [R.r5994, true],
    [R.r5994, false],
  ];
  fc.assert(
    fc.property(fc.constantFrom(...cases), fc.integer({ min: 0, max: 24 * 3600 * 60 }), ([rate, dropFrame], frame) => {
      const tc = framesToTimecode(frame, rate, { dropFrame });
      assert.match(tc, dropFrame ? /^\d{2,}:\d{2}:\d{2};\d{2}$/ : /^\d{2,}:\d{2}:\d{2}:\d{2}$/);
      assert.equal(timecodeToFrames(tc, rate), frame);
      // Consecutive frames have consecutive, distinct labels that parse back.
      assert.equal(timecodeToFrames(framesToTimecode(frame + 1, rate, { dropFrame }), rate), frame + 1);
    }),
    { numRuns: 500 },
  );
});

test('drop-frame known values at 29.97 and 59.94', () => {
  const known: [number, string][] = [
    [0, '00:00:00;00'],
    [1799, '00:00:59;29'],
    [1800, '00:01:00;02'],
    [3597, '00:01:59;29'],
    [3598, '00:02:00;02'],
    [17981, '00:09:59;29'],
    [17982, '00:10:00;00'],
    [17983, '00:10:00;01'],
    [107892, '01:00:00;00'],
  ];
  for (const [frame, tc] of known) {
    assert.equal(framesToTimecode(frame, R.r2997), tc, `frame ${frame}`);
    assert.equal(timecodeToFrames(tc, R.r2997), frame, tc);
  }
  // 00:00:59;29 plus one frame is 00:01:00;02.
  assert.equal(framesToTimecode(timecodeToFrames('00:00:59;29', R.r2997) + 1, R.r2997), '00:01:00;02');
  // NDF at 29.97 labels frames plainly.
  assert.equal(framesToTimecode(1800, R.r2997, { dropFrame: false }), '00:01:00:00');
  // 59.94 drops four labels a minute.
  assert.equal(framesToTimecode(3600, R.r5994), '00:01:00;04');
  assert.equal(framesToTimecode(35964, R.r5994), '00:10:00;00');
  // One DF hour is 3.6 s short of 3600 s of labels but equals real time to within a frame.
  assert.ok(Math.abs(timecodeToSeconds('01:00:00;00', R.r2997) - 3600) < 0.004);
});

test('timecode seconds conversions and invalid timecodes', () => {
  assert.equal(secondsToTimecode(92.5, R.r24), '00:01:32:12');
  assert.equal(secondsToTimecode(timecodeToSeconds('00:01:32:12', R.r23976), R.r23976), '00:01:32:12');
  assert.equal(timecodeToSeconds('00:00:01:00', R.r25), 1);
  assert.equal(secondsToTimecode(60, R.r2997), '00:00:59;28'); // 60 s is frame 1798.2 → frame 1798
  const bad: [string, Rational, RegExp][] = [
    ['00:00:00:25', R.r25, /frame 25/],
    ['00:00:00:24', R.r23976, /frame 24/],
    ['00:01:00;00', R.r2997, /does not exist in drop-frame/],
    ['00:01:00;01', R.r2997, /does not exist in drop-frame/],
    ['00:01:00;03', R.r5994, /does not exist in drop-frame/],
    ['00:00:10;00', R.r25, /drop-frame/],
    ['00:60:00:00', R.r25, /minutes 60/],
    ['00:00:61:00', R.r25, /seconds 61/],
    ['1:2:3:4', R.r25, /not a timecode/],
    ['00:00:00', R.r25, /not a timecode/],
    ['aa:bb:cc:dd', R.r25, /not a timecode/],
  ];
  for (const [tc, rate, re] of bad) {
    assert.throws(
      () => timecodeToFrames(tc, rate, { file: 'cues.txt', line: 3 }),
      (e: unknown) => e instanceof UserInputError && re.test(e.message) && e.message.startsWith('cues.txt:3'),
      tc,
    );
  }
  // The 10th minute keeps its first labels.
  assert.equal(timecodeToFrames('00:10:00;00', R.r2997), 17982);
  assert.throws(() => framesToTimecode(10, R.r25, { dropFrame: true }), RangeError);
  assert.throws(() => framesToTimecode(-1, R.r25), RangeError);
});

test('formatSeconds prints MM:SS.mmm and H:MM:SS.mmm', () => {
  assert.equal(formatSeconds(92.5), '01:32.500');
  assert.equal(formatSeconds(0), '00:00.000');
  assert.equal(formatSeconds(59.9996), '01:00.000');
  assert.equal(formatSeconds(3723.4567), '1:02:03.457');
  assert.equal(formatSeconds(-1.25), '-00:01.250');
});

// ------------------------------------------------------------------ loose times

test('parseLooseTime reads every prompt format', () => {
  const table: [string, number][] = [
    ['1:32', 92],
    ['01:32', 92],
    ['01:32.5', 92.5],
    ['00:01:32:12', 92.5], // frames at 24 fps
    ['00:01:32;12', 92.5],
    ['92s', 92],
    ['92.5 s', 92.5],
    ['92 sec', 92],
    ['92 seconds', 92],
    ['1 min 32', 92],
    ['1 min 32 s', 92],
    ['1m32s', 92],
    ['1m 32s', 92],
    ['1 minute 32 seconds', 92],
    ['2 min', 120],
    ['1:02:03', 3723],
    ['1:02:03.25', 3723.25],
    ['1h2m3s', 3723],
    ['  1:32  ', 92],
    ['0:05', 5],
  ];
  for (const [text, want] of table) {
    const rate = text.includes(';') ? R.r2997 : R.r24;
    const got = parseLooseTime(text, rate);
    if (text.includes(';')) assert.equal(got, timecodeToSeconds('00:01:32;12', R.r2997), text);
    else assert.equal(got, want, text);
  }
  for (const notTime of ['', 'hello', '92', '120 bpm', 'bridge', '500ms', '1.5', 'at 1:32', 'min']) {
    assert.equal(parseLooseTime(notTime, R.r24), null, notTime);
  }
  for (const invalid of ['1:75', '1:5', '1:60:00', '01:32:7', '1 min 75', '00:01:32:30']) {
    assert.throws(() => parseLooseTime(invalid, R.r24, { field: 'prompt' }), UserInputError, invalid);
  }
  assert.throws(() => parseLooseTime('00:01:32:12'), /no frame rate/);
});

test('parseLooseTime: formatted seconds parse back', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10 * 3600 * 1000 - 1 }), (ms) => {
      const t = ms / 1000;
      const got = parseLooseTime(formatSeconds(t));
      assert.ok(got !== null && Math.abs(got - t) < 1e-9, `${formatSeconds(t)} → ${got}`);
    }),
  );
});

// ------------------------------------------------------------------ tempo map

const segmentsArb = fc
  .array(fc.record({ gap: fc.integer({ min: 1, max: 20 * PPQ }), bpm: fc.integer({ min: 30, max: 240 }) }), {
    minLength: 0,
    maxLength: 8,
  })
  .chain((rest) =>
    fc.integer({ min: 30, max: 240 }).map((first) => {
      const segments: TempoSegment[] = [{ tick: 0, usPerQuarter: bpmToUsPerQuarter(first) }];
      let tick = 0;
      for (const r of rest) {
        tick += r.gap;
        segments.push({ tick, usPerQuarter: bpmToUsPerQuarter(r.bpm) + (r.gap % 7) });
      }
      return segments;
    }),
  );

test('tempo map known case: 120 bpm 4/4, tick 3840 = bar 2 beat 1 = 2.0 s', () => {
  const map = TempoMap.constant(120);
  assert.equal(bpmToUsPerQuarter(120), 500000);
  assert.equal(map.ticksPerBeat, 960);
  assert.equal(map.ticksPerBar, 3840);
  assert.equal(map.secondsAt(3840), 2);
  assert.deepEqual(map.barBeatAt(3840), { bar: 2, beat: 1, tickInBeat: 0 });
  assert.equal(map.tickAtBarBeat(2, 1), 3840);
  assert.equal(map.tickAt(2), 3840);
  assert.equal(map.bpmAt(5000), 120);
  assert.deepEqual(map.points(), [{ t: 0, tick: 0, bpm: 120, usPerQuarter: 500000 }]);
  assert.deepEqual(map.barBeatAt(-960), { bar: 0, beat: 4, tickInBeat: 0 });
});

test('tempo map multi-segment: exact times, points and bpm lookup', () => {
  // 120 bpm for 2 bars (4 s), then 60 bpm.
  const map = TempoMap.fromSegments([
    { tick: 0, usPerQuarter: 500000 },
    { tick: 7680, usPerQuarter: 1000000 },
  ]);
  assert.equal(map.secondsAt(7680), 4);
  assert.equal(map.secondsAt(7680 + 960), 5);
  assert.equal(map.tickAt(5), 8640);
  assert.equal(map.bpmAt(7679), 120);
  assert.equal(map.bpmAt(7680), 60);
  const pts = map.points();
  assert.deepEqual(pts[1], { t: 4, tick: 7680, bpm: 60, usPerQuarter: 1000000 });
  const again = TempoMap.fromPoints(pts, { numerator: 4, denominator: 4 });
  assert.deepEqual(again.segments(), map.segments());
  assert.throws(() => TempoMap.fromSegments([{ tick: 10, usPerQuarter: 500000 }]), RangeError);
  assert.throws(() => TempoMap.fromSegments([{ tick: 0, usPerQuarter: 500000.5 }]), RangeError);
  assert.throws(() => TempoMap.fromSegments([{ tick: 0, usPerQuarter: 500000 }, { tick: 0, usPerQuarter: 1 }]), RangeError);
  assert.throws(() => TempoMap.constant(120, { numerator: 4, denominator: 3 }), RangeError);
});

test('tempo map: seconds → ticks → seconds within 1e-9 s, ticks → seconds → ticks within 1e-6 ticks', () => {
  fc.assert(
    fc.property(segmentsArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 200 * PPQ }), (segments, u, tick) => {
      const map = TempoMap.fromSegments(segments);
      const t = u * 600;
      assert.ok(Math.abs(map.secondsAt(map.tickAt(t)) - t) <= 1e-9, `t=${t}`);
      assert.ok(Math.abs(map.tickAt(map.secondsAt(tick)) - tick) <= 1e-6, `tick=${tick}`);
      const frac = tick + u;
      assert.ok(Math.abs(map.tickAt(map.secondsAt(frac)) - frac) <= 1e-6, `tick=${frac}`);
      // secondsAt equals the defining sum over segments.
      let sum = 0;
      for (let i = 0; i < segments.length && segments[i].tick < tick; i++) {
        const end = Math.min(tick, segments[i + 1]?.tick ?? Infinity);
        sum += ((end - segments[i].tick) * segments[i].usPerQuarter) / (PPQ * 1e6);
      }
      assert.ok(Math.abs(map.secondsAt(tick) - sum) <= 1e-9);
      // Monotone.
      assert.ok(map.secondsAt(tick + 1) > map.secondsAt(tick));
    }),
    { numRuns: 300 },
  );
});

test('tempo map: bar/beat ↔ tick round trip in several meters', () => {
  const meters = [
    { numerator: 4, denominator: 4 },
    { numerator: 3, denominator: 4 },
    { numerator: 6, denominator: 8 },
    { numerator: 7, denominator: 8 },
    { numerator: 2, denominator: 2 },
    { numerator: 5, denominator: 16 },
  ];
  fc.assert(
    fc.property(fc.constantFrom(...meters), fc.integer({ min: 0, max: 1_000_000 }), (meter, tick) => {
      const map = TempoMap.constant(100, meter);
      assert.equal(map.ticksPerBeat, (PPQ * 4) / meter.denominator);
      const bb = map.barBeatAt(tick);
      assert.ok(bb.bar >= 1 && bb.beat >= 1 && bb.beat <= meter.numerator);
      assert.ok(bb.tickInBeat >= 0 && bb.tickInBeat < map.ticksPerBeat);
      assert.equal(map.tickAtBarBeat(bb.bar, bb.beat) + bb.tickInBeat, tick);
      const bar = 1 + (tick % 500);
      const beat = 1 + (tick % meter.numerator);
      assert.deepEqual(map.barBeatAt(map.tickAtBarBeat(bar, beat)), { bar, beat, tickInBeat: 0 });
    }),
  );
  // 6/8: a beat is an eighth note; bar 2 starts after six eighths.
  const sixEight = TempoMap.constant(120, { numerator: 6, denominator: 8 });
  assert.equal(sixEight.ticksPerBar, 2880);
  assert.deepEqual(sixEight.barBeatAt(2880 + 480), { bar: 2, beat: 2, tickInBeat: 0 });
  assert.equal(sixEight.tickAtBarBeat(1, 2.5), 720);
});
