/**
 * Delivery formats besides the contract's Broadcast Wave: AIFF (24-bit big-endian PCM), FLAC
 * (24-bit, lossless) and MP3 (320 kb/s CBR, LAME; its encoder delay is written in the LAME
 * header, which ffmpeg and DAWs read to trim it). Each is encoded by ffmpeg from the WAV we
 * wrote, into the output folder's staging area, so a failure leaves nothing half-written.
 * The BWF time reference has no place in AIFF/MP3; FLAC carries it as a TIME_REFERENCE tag
 * (the convention of BWF-aware tools).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { UserInputError } from '../model/errors.js';
import { MediaToolError, runFfmpeg } from '../ingest/ffmpeg.js';

export type DeliveryFormat = 'wav' | 'aiff' | 'flac' | 'mp3';
export const DELIVERY_FORMATS: readonly DeliveryFormat[] = ['wav', 'aiff', 'flac', 'mp3'];

/** `--formats wav,flac,…` → list (WAV always included: the output contract names the .wav files). */
export function parseFormats(text: string | undefined): DeliveryFormat[] {
  if (text === undefined) return ['wav'];
  const out = new Set<DeliveryFormat>(['wav']);
  for (const raw of text.split(',')) {
    const f = raw.trim().toLowerCase();
    if (f === '') continue;
    const name = f === 'aif' ? 'aiff' : f;
    if (!(DELIVERY_FORMATS as readonly string[]).includes(name)) {
      throw new UserInputError(`unknown format "${raw.trim()}" (use ${DELIVERY_FORMATS.join(', ')})`, { field: '--formats' });
    }
    out.add(name as DeliveryFormat);
  }
  return [...out];
}

const CODEC: Record<Exclude<DeliveryFormat, 'wav'>, { ext: string; args: readonly string[] }> = {
  aiff: { ext: '.aiff', args: ['-c:a', 'pcm_s24be', '-f', 'aiff'] },
  flac: { ext: '.flac', args: ['-c:a', 'flac', '-sample_fmt', 's32', '-bits_per_raw_sample', '24', '-compression_level', '5', '-f', 'flac'] },
  mp3: { ext: '.mp3', args: ['-c:a', 'libmp3lame', '-b:a', '320k', '-f', 'mp3'] },
};

/**
 * Encodes `wav` (a file we wrote) to `format` beside it; returns the new file's path.
 * `timeReferenceSamples` goes into FLAC's TIME_REFERENCE tag.
 */
export async function encodeDelivery(wav: string, format: Exclude<DeliveryFormat, 'wav'>, timeReferenceSamples = 0): Promise<string> {
  const c = CODEC[format];
  const out = path.join(path.dirname(wav), path.basename(wav, path.extname(wav)) + c.ext);
  const meta = format === 'flac' ? ['-metadata', `TIME_REFERENCE=${Math.round(timeReferenceSamples)}`] : [];
  try {
    await runFfmpeg(['-hide_banner', '-nostdin', '-v', 'error', '-y', '-i', wav, '-map_metadata', '-1', ...meta, ...c.args, out]);
  } catch (e) {
    rmSync(out, { force: true });
    if (e instanceof MediaToolError && /No space left/i.test(e.stderr)) throw new UserInputError('no space left on the device', { file: out });
    if (e instanceof MediaToolError && /Unknown encoder|Encoder not found/i.test(e.stderr)) throw new UserInputError(`this ffmpeg cannot encode ${format.toUpperCase()}`, { file: out, field: '--formats' });
    throw e;
  }
  return out;
}
