import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { countInRange, lowerBound } from '../src/util/sorted-search.js';

const sortedTimes = fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { maxLength: 60 }).map((xs) => xs.sort((a, b) => a - b));

test('property: lowerBound is the first index whose value reaches x (minus the tolerance)', () => {
  fc.assert(
    fc.property(sortedTimes, fc.double({ min: -120, max: 120, noNaN: true }), fc.constantFrom(0, 1e-9, 0.5), (xs, x, tol) => {
      const i = lowerBound(xs, x, tol);
      const expected = xs.findIndex((v) => v >= x - tol);
      assert.equal(i, expected === -1 ? xs.length : expected);
    }),
  );
});

test('property: countInRange counts the values in [lo, hi], ends included, duplicates too', () => {
  const withRepeats = sortedTimes.chain((xs) => fc.constant([...xs, ...xs.slice(0, 5)].sort((a, b) => a - b)));
  fc.assert(
    fc.property(withRepeats, fc.double({ min: -120, max: 120, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), (xs, lo, span) => {
      const hi = lo + span;
      assert.equal(countInRange(xs, lo, hi), xs.filter((v) => v >= lo && v <= hi).length);
      if (xs.length) assert.equal(countInRange(xs, xs[0], xs[0]), xs.filter((v) => v === xs[0]).length);
      assert.equal(countInRange(xs, hi, lo - 1), 0);
    }),
  );
});
