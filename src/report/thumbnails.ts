/**
 * Shot thumbnails for the report's picture strip: one small picture per shot, taken at the
 * shot's middle (plus more inside long shots), decoded by ffmpeg with a fast input seek
 * (`-ss` before `-i`, then the first frame at or after it), scaled to THUMB_WIDTH px and
 * stacked side by side into a few JPEG sprite sheets (one ffmpeg run per GROUP pictures:
 * starting ffmpeg costs more than the seek). Only JPEG bytes are kept: no frame stays in memory.
 *
 * The count is capped (MAX_THUMBS) so a long or fast-cut scene still gives a small page:
 * when a scene has more shots than that, evenly spaced shots get a picture and the others
 * borrow their nearest neighbour's in the strip.
 */
import { runFfmpeg } from '../ingest/ffmpeg.js';
import type { Shot } from '../model/artifacts.js';

export const THUMB_WIDTH = 160;
export const MAX_THUMBS = 120;
/** A shot longer than this gets one more picture per this many seconds. */
const LONG_SHOT = 8;

export interface Thumbnail {
  /** Film time the picture was taken at (seconds). */
  readonly t: number;
  /** Index of the shot it belongs to. */
  readonly shot: number;
  /** Index of the sprite sheet holding it, and its place there (px). */
  readonly sprite: number;
  readonly x: number;
  readonly w: number;
  readonly h: number;
}

/** Thumbnails side by side in a few JPEG sprite sheets (data:image/jpeg;base64,…). */
export interface ThumbnailSheet {
  readonly sprites: readonly string[];
  readonly thumbs: readonly Thumbnail[];
}

/** Pictures per ffmpeg process: one process per group (process start-up dominates). */
const GROUP = 12;

/** Times (and shots) to take pictures at: shot middles, long shots split, capped at `max`. */
export function thumbnailTimes(shots: readonly Pick<Shot, 'start' | 'end'>[], duration: number, max = MAX_THUMBS): { t: number; shot: number }[] {
  const spans = shots.length > 0 ? shots : [{ start: 0, end: duration }];
  let picks: { t: number; shot: number }[] = [];
  spans.forEach((s, i) => {
    const len = Math.max(0, Math.min(s.end, duration) - s.start);
    const k = Math.max(1, Math.floor(len / LONG_SHOT));
    for (let j = 0; j < k; j++) picks.push({ t: s.start + ((j + 0.5) / k) * len, shot: i });
  });
  if (picks.length > max) {
    // Keep one per shot first (evenly spaced shots when even that is too many).
    const isFirst = (p: { shot: number }, i: number): boolean => i === 0 || picks[i - 1]!.shot !== p.shot;
    const firsts = picks.filter(isFirst), extras = picks.filter((p, i) => !isFirst(p, i));
    const evenly = <T>(pool: readonly T[], k: number): T[] => Array.from({ length: k }, (_, i) => pool[Math.floor((i * pool.length) / k)]!);
    picks = firsts.length >= max ? evenly(firsts, max) : [...firsts, ...evenly(extras, max - firsts.length)].sort((a, b) => a.t - b.t);
  }
  // Never past the last frame: back off half a frame-ish from the end.
  return picks.map((p) => ({ t: Math.round(Math.max(0, Math.min(p.t, duration - 0.05)) * 1000) / 1000, shot: p.shot }));
}

/**
 * One ffmpeg run for a group of times: each time is its own input with a fast seek (`-ss`
 * before `-i`: to the keyframe before, then decoded up to t), its first frame scaled to
 * THUMB_WIDTH with its display aspect (sample aspect ratio applied), the pictures stacked
 * left to right into one JPEG.
 */
async function grabGroup(video: string, times: readonly number[]): Promise<{ jpeg: Buffer; w: number; h: number }> {
  const inputs = times.flatMap((t) => ['-threads', '1', '-ss', t.toFixed(3), '-i', video]);
  const tiles = times.map((_, i) => `[${i}:v:0]trim=end_frame=1,setpts=PTS-STARTPTS,scale=${THUMB_WIDTH}:'trunc(${THUMB_WIDTH}/(iw*sar/ih)/2)*2':flags=bicubic,setsar=1,format=yuvj420p[t${i}]`);
  const stack = times.length > 1 ? `;${times.map((_, i) => `[t${i}]`).join('')}hstack=inputs=${times.length}[out]` : '';
  const graph = tiles.join(';') + stack;
  const { stdout } = await runFfmpeg([
    '-nostdin', '-hide_banner', '-loglevel', 'error', ...inputs,
    '-filter_complex', graph, '-map', times.length > 1 ? '[out]' : '[t0]',
    '-frames:v', '1', '-q:v', '6', '-f', 'image2', '-c:v', 'mjpeg', 'pipe:1',
  ]);
  const size = jpegSize(stdout);
  if (!size) throw new Error('ffmpeg wrote no JPEG');
  return { jpeg: stdout, w: size.w / times.length, h: size.h };
}

/** Width and height from a baseline/progressive JPEG's SOF marker. */
export function jpegSize(b: Uint8Array): { w: number; h: number } | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const m = b[i + 1]!;
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return { h: (b[i + 5]! << 8) | b[i + 6]!, w: (b[i + 7]! << 8) | b[i + 8]! };
    i += 2 + len;
  }
  return null;
}

/**
 * Extract the thumbnails of `video` (the scored video or its source; same picture), in groups
 * of GROUP pictures per ffmpeg run, at most `concurrency` runs at once. A group that fails
 * (e.g. a seek past the end of a damaged file) is left out; the strip shows a neighbour.
 */
export async function extractThumbnails(video: string, shots: readonly Pick<Shot, 'start' | 'end'>[], duration: number, opts: { max?: number; concurrency?: number } = {}): Promise<ThumbnailSheet> {
  const times = thumbnailTimes(shots, duration, opts.max);
  const groups: { t: number; shot: number }[][] = [];
  for (let i = 0; i < times.length; i += GROUP) groups.push(times.slice(i, i + GROUP));
  const results: ({ jpeg: Buffer; w: number; h: number } | null)[] = new Array(groups.length).fill(null);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < groups.length) {
      const g = next++;
      try {
        results[g] = await grabGroup(video, groups[g]!.map((p) => p.t));
      } catch {
        results[g] = null;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker));
  const sprites: string[] = [];
  const thumbs: Thumbnail[] = [];
  groups.forEach((g, gi) => {
    const r = results[gi];
    if (!r) return;
    const sprite = sprites.push(`data:image/jpeg;base64,${r.jpeg.toString('base64')}`) - 1;
    g.forEach((p, k) => thumbs.push({ t: p.t, shot: p.shot, sprite, x: k * r.w, w: r.w, h: r.h }));
  });
  return { sprites, thumbs };
}
