/** A table of hit layouts: dense, sparse, awkward intervals, near the start and the end. */
export const LAYOUTS: { name: string; hits: number[]; duration: number }[] = [
  { name: 'single mid', hits: [20], duration: 40 },
  { name: 'regular 2 s', hits: [2, 4, 6, 8, 10, 12], duration: 14 },
  { name: 'dense 0.6 s', hits: [3, 3.6, 4.2, 4.8, 5.4], duration: 10 },
  { name: 'sparse', hits: [15, 45, 80], duration: 120 },
  { name: 'awkward primes', hits: [1.7, 4.3, 7.1, 11.3, 13.7], duration: 17 },
  { name: 'golden', hits: [1.618, 3.236, 5.854, 9.09, 14.7], duration: 20 },
  { name: 'near start', hits: [0.75, 1.3, 6], duration: 10 },
  { name: 'near end', hits: [10, 29.2, 29.7], duration: 30 },
  { name: 'film 23.976 frames', hits: [1001 / 24000 * 100, 1001 / 24000 * 333, 1001 / 24000 * 517], duration: 30 },
  { name: 'film 29.97 frames', hits: [1001 / 30000 * 91, 1001 / 30000 * 455, 1001 / 30000 * 1200], duration: 45 },
  { name: 'irregular long', hits: [3.3, 9.9, 10.4, 22.2, 31.05, 44.44, 47.0], duration: 50 },
  { name: 'two close', hits: [12.0, 12.45], duration: 20 },
  { name: 'accelerating', hits: [4, 7.5, 10.5, 13, 15, 16.6, 17.9], duration: 20 },
  { name: 'decelerating', hits: [2, 3.5, 5.5, 8, 11, 14.5, 18.5], duration: 22 },
  { name: 'long then short', hits: [30, 31, 32.5], duration: 35 },
  { name: 'milliseconds', hits: [2.001, 5.017, 8.333, 11.999], duration: 14 },
  { name: 'many', hits: Array.from({ length: 30 }, (_, i) => 2 + i * 3.7 + (i % 3) * 0.41), duration: 115 },
  { name: 'car chase', hits: [92, 105], duration: 120 },
  { name: 'demo', hits: [8, 15, 27, 31, 38], duration: 38 },
  { name: 'edge end exact', hits: [5, 9.5, 14.25, 19], duration: 19 },
  { name: 'quarter-second grid', hits: [1.25, 2.5, 3.75, 5.0, 6.25], duration: 8 },
  // Hits too close to catch musically (under one beat at the fastest tempo, 150 bpm = 0.4 s):
  // the second one is played in free time. 6.1 also falls to the planner's 0.25 s cue merge.
  { name: 'free pair', hits: [10, 10.3], duration: 20 },
  { name: 'free triple', hits: [5, 5.3, 5.6], duration: 12 },
  { name: 'free after a merged cue', hits: [6, 6.1, 6.35, 9], duration: 14 },
];

/** Layouts whose name starts with 'free': each holds at least one hit no beat can catch. */
export const FREE_LAYOUTS = LAYOUTS.filter((l) => l.name.startsWith('free'));
