/** `filmscore report <folder>`: rebuild report.html from the artifacts in an output folder. */
import fs from 'node:fs';
import path from 'node:path';
import type { Analysis, ScorePlan, SyncReport } from '../model/artifacts.js';
import { UserInputError } from '../model/errors.js';
import { writeFileAtomic } from '../deliver/atomic-write.js';
import { decodeWav } from '../deliver/wav.js';
import { SAMPLE_RATE } from '../model/units.js';
import { buildReport, decodeAudioStereo } from './build-report.js';
import type { LoudnessSummary } from './report-data.js';

function readJson<T>(folder: string, name: string, required: boolean): T | null {
  const file = path.join(folder, name);
  if (!fs.existsSync(file)) {
    if (required) throw new UserInputError(`missing ${name}: is this a filmscore output folder?`, { file: folder });
    return null;
  }
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new UserInputError(`not valid JSON (${(e as Error).message})`, { file });
  }
}

function need(cond: unknown, file: string, field: string): void {
  if (!cond) throw new UserInputError('missing or not the expected type', { file, field });
}

export interface RebuiltReport {
  readonly file: string;
  readonly thumbnails: number;
  readonly notes: readonly string[];
}

/**
 * Rebuild the page from analysis.json, plan.json (required), sync-report.json, run.json,
 * mix.wav and scored.<ext> (each optional: its panel then says "not available").
 * Thumbnails come from the scored video, else from the source video run.json names.
 */
export async function rebuildReport(folder: string): Promise<RebuiltReport> {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new UserInputError('no such folder', { file: folder });
  const analysis = readJson<Analysis>(folder, 'analysis.json', true)!;
  const plan = readJson<ScorePlan>(folder, 'plan.json', true)!;
  const aFile = path.join(folder, 'analysis.json'), pFile = path.join(folder, 'plan.json');
  need(analysis.video && typeof analysis.video.duration === 'number', aFile, 'video.duration');
  need(Array.isArray(analysis.shots), aFile, 'shots');
  need(Array.isArray(plan.tempoMap) && Array.isArray(plan.sections) && Array.isArray(plan.hitPoints) && Array.isArray(plan.keys), pFile, 'tempoMap/sections/hitPoints/keys');
  const sync = readJson<SyncReport>(folder, 'sync-report.json', false);
  const run = readJson<{ loudness?: LoudnessSummary; request?: { video?: string } }>(folder, 'run.json', false);
  const video = fs.readdirSync(folder).find((f) => /^scored\.[a-z0-9]+$/.test(f)) ?? null;
  const stemsDir = path.join(folder, 'stems');
  const stems = fs.existsSync(stemsDir) ? fs.readdirSync(stemsDir).filter((f) => f.endsWith('.wav')).map((f) => f.replace(/\.wav$/, '')).sort() : [];

  const source = run?.request?.video && fs.existsSync(run.request.video) ? run.request.video : null;
  const pictureFile = video ? path.join(folder, video) : source;
  const mixFile = path.join(folder, 'mix.wav');
  let mix: Float32Array[] | null = null, sampleRate = SAMPLE_RATE;
  if (fs.existsSync(mixFile)) {
    try {
      const wav = decodeWav(fs.readFileSync(mixFile));
      mix = wav.channels;
      sampleRate = wav.sampleRate;
    } catch (e) {
      throw new UserInputError(`cannot read the mix: ${(e as Error).message}`, { file: mixFile });
    }
  }
  const program = video ? await decodeAudioStereo(path.join(folder, video), sampleRate) : null;
  const built = await buildReport({ analysis, plan, sync, loudness: run?.loudness ?? null, videoHref: video, stems, pictureFile, mix, program, sampleRate });
  const file = writeFileAtomic(path.join(folder, 'report.html'), built.html);
  return { file, thumbnails: built.thumbnails, notes: built.notes };
}
