/**
 * Shot thumbnails for the report's picture strip: one small JPEG per shot, taken at the
 * shot's middle (plus more inside long shots), decoded by ffmpeg with a fast input seek
 * (`-ss` before `-i`, then the first frame at or after it) and scaled to THUMB_WIDTH px.
 * Only the JPEG bytes are kept (a few kB each): no frame stays in memory.
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
  /** data:image/jpeg;base64,… */
  readonly src: string;
}

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

async function grab(video: string, t: number): Promise<Buffer> {
  const { stdout } = await runFfmpeg([
    '-nostdin', '-hide_banner', '-loglevel', 'error',
    '-ss', t.toFixed(3), '-i', video,
    '-frames:v', '1', '-an', '-sn',
    '-vf', `scale=${THUMB_WIDTH}:-2:flags=bicubic`,
    '-q:v', '6', '-f', 'image2', '-c:v', 'mjpeg', 'pipe:1',
  ]);
  return stdout;
}

/**
 * Extract the thumbnails of `video` (the scored video or its source; same picture).
 * At most `concurrency` ffmpeg processes at once. A picture that cannot be taken (e.g. a
 * seek past the end of a damaged file) is left out; the strip shows its neighbour.
 */
export async function extractThumbnails(video: string, shots: readonly Pick<Shot, 'start' | 'end'>[], duration: number, opts: { max?: number; concurrency?: number } = {}): Promise<Thumbnail[]> {
  const times = thumbnailTimes(shots, duration, opts.max);
  const out: (Thumbnail | null)[] = new Array(times.length).fill(null);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < times.length) {
      const i = next++;
      const { t, shot } = times[i]!;
      try {
        const jpeg = await grab(video, t);
        if (jpeg.length > 0) out[i] = { t, shot, src: `data:image/jpeg;base64,${jpeg.toString('base64')}` };
      } catch {
        out[i] = null;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker));
  return out.filter((x): x is Thumbnail => x !== null);
}
