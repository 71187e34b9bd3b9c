/** `filmscore report <folder>`: rebuild report.html from the artifacts in an output folder. */
import fs from 'node:fs';
import path from 'node:path';
import type { Analysis, ScorePlan, SyncReport } from '../model/artifacts.js';
import { UserInputError } from '../model/errors.js';
import { writeFileAtomic } from '../deliver/atomic-write.js';
import { renderReport, type ReportInput } from './report-html.js';

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

/** Rebuild the page; returns its path. */
export function rebuildReport(folder: string): string {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new UserInputError('no such folder', { file: folder });
  const analysis = readJson<Analysis>(folder, 'analysis.json', true)!;
  const plan = readJson<ScorePlan>(folder, 'plan.json', true)!;
  const sync = readJson<SyncReport>(folder, 'sync-report.json', false);
  const run = readJson<{ loudness?: ReportInput['loudness'] }>(folder, 'run.json', false);
  const video = fs.readdirSync(folder).find((f) => /^scored\.[a-z0-9]+$/.test(f)) ?? null;
  const stems = fs.existsSync(path.join(folder, 'stems'))
    ? fs.readdirSync(path.join(folder, 'stems')).filter((f) => f.endsWith('.wav')).map((f) => f.replace(/\.wav$/, '')).sort()
    : [];
  const html = renderReport({ analysis, plan, sync, loudness: run?.loudness ?? null, videoHref: video, stems });
  return writeFileAtomic(path.join(folder, 'report.html'), html);
}
