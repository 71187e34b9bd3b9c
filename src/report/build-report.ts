/**
 * Building report.html from what a run has in hand: thumbnails from the picture (ffmpeg),
 * loudness series from the mix and program audio, then the page. Used by the `report` step
 * of `filmscore score` and by `filmscore report <folder>`.
 */
import { runFfmpeg } from '../ingest/ffmpeg.js';
import { loudnessSeries } from './loudness-series.js';
import { renderReport, type ReportInput } from './report-html.js';
import { extractThumbnails, type ThumbnailSheet } from './thumbnails.js';

export interface BuildReportInput extends Omit<ReportInput, 'thumbnails' | 'mixSeries' | 'programSeries'> {
  /** A video file holding the picture (the scored video or its source), or null: no strip. */
  readonly pictureFile: string | null;
  /** Score mix and program (dialogue + score) channels, or null when not available. */
  readonly mix: readonly Float32Array[] | null;
  readonly program: readonly Float32Array[] | null;
  readonly sampleRate: number;
}

export interface BuiltReport {
  readonly html: string;
  readonly thumbnails: number;
  /** Notes for the user (e.g. why the strip is empty). */
  readonly notes: readonly string[];
}

export async function buildReport(i: BuildReportInput): Promise<BuiltReport> {
  const notes: string[] = [];
  let thumbnails: ThumbnailSheet = { sprites: [], thumbs: [] };
  if (i.pictureFile) {
    thumbnails = await extractThumbnails(i.pictureFile, i.analysis.shots ?? [], i.analysis.video.duration);
    if (thumbnails.thumbs.length === 0) notes.push(`report: no thumbnail could be taken from ${i.pictureFile}`);
  }
  const mixSeries = i.mix && i.mix.length ? loudnessSeries(i.mix, i.sampleRate) : null;
  const programSeries = i.program && i.program.length ? loudnessSeries(i.program, i.sampleRate) : null;
  const html = renderReport({ ...i, thumbnails, mixSeries, programSeries });
  return { html, thumbnails: thumbnails.thumbs.length, notes };
}

/** The first audio stream of a media file as 48 kHz stereo float channels (for re-measuring the program). */
export async function decodeAudioStereo(file: string, sampleRate = 48000): Promise<Float32Array[] | null> {
  let raw: Buffer;
  try {
    ({ stdout: raw } = await runFfmpeg(['-nostdin', '-hide_banner', '-loglevel', 'error', '-i', file, '-map', '0:a:0', '-vn', '-sn', '-ac', '2', '-ar', String(sampleRate), '-f', 'f32le', '-c:a', 'pcm_f32le', 'pipe:1']));
  } catch {
    return null;
  }
  const n = Math.floor(raw.length / 8);
  if (n === 0) return null;
  const bytes = raw.byteOffset % 4 === 0 ? raw : Buffer.from(raw);
  const view = new Float32Array(bytes.buffer, bytes.byteOffset, n * 2);
  const l = new Float32Array(n), r = new Float32Array(n);
  for (let k = 0; k < n; k++) { l[k] = view[2 * k]!; r[k] = view[2 * k + 1]!; }
  return [l, r];
}
