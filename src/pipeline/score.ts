/**
 * The whole `filmscore score` run: analyse → plan → compose → render → mix → deliver →
 * verify → report, every artifact staged and committed to the output folder at the end.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Analysis, ScorePlan, SyncReport } from '../model/artifacts.js';
import { SAMPLE_RATE } from '../model/units.js';
import { planScore } from '../plan/plan.js';
import { composeScore } from '../compose/compose.js';
import { writeMidi } from '../compose/midi-writer.js';
import { readSoundBankFile } from '../render/soundfont.js';
import { renderScoreStems } from '../render/soundfont.js';
import { buildDeliveryMix } from '../render/delivery-mix.js';
import { encodeWav24 } from '../deliver/wav.js';
import { encodeDelivery, type DeliveryFormat } from '../deliver/formats.js';
import { upmixTo51 } from '../render/surround.js';
import { containerFor, muxScoredVideo, scoredVideoName } from '../deliver/mux.js';
import { measureScoreSync } from './score-sync.js';
import { extractProgramStereo48k } from '../ingest/audio.js';
import { buildReport } from '../report/build-report.js';
import { analyzeScene, type AnalyzeRequest } from './analyze.js';
import { OutputFolder } from './output-folder.js';
import type { Progress, StageTiming } from './progress.js';
import type { LoudnessPreset } from './loudness-presets.js';

export interface ScoreRequest extends AnalyzeRequest {
  readonly out: string;
  readonly seed: number;
  readonly soundfont?: string;
  readonly loudness: LoudnessPreset;
  /** Skip the re-muxed video. */
  readonly noVideo?: boolean;
  /** Audio formats for the mix and stems (WAV always), default WAV only. */
  readonly formats?: readonly DeliveryFormat[];
  /** Also write `mix-5.1.wav` (L R C LFE Ls Rs; nothing in the centre). */
  readonly surround?: boolean;
}

export interface RunSummary {
  readonly out: string;
  readonly files: readonly string[];
  readonly duration: number;
  readonly shots: number;
  readonly lines: number;
  readonly hitPoints: number;
  readonly style: string;
  readonly loudness?: { readonly target: number; readonly program: number; readonly programTruePeak: number; readonly mix: number; readonly mixTruePeak: number };
  readonly sync?: { readonly maxAbsErrorMs: number | null; readonly globalOffsetMs: number };
  readonly timings: readonly StageTiming[];
  readonly warnings: readonly string[];
}

/** Default output folder: `<video-name>.filmscore/` beside the video. */
export function defaultOutDir(video: string): string {
  const base = path.basename(video, path.extname(video));
  return path.join(path.dirname(video), `${base}.filmscore`);
}

/** `filmscore analyze`: analysis.json only. */
export async function runAnalyze(req: AnalyzeRequest & { out: string }, progress: Progress): Promise<RunSummary> {
  const folder = OutputFolder.open(req.out);
  try {
    const { analysis } = await analyzeScene(req, progress);
    folder.writeJson('analysis.json', analysis);
    const files = folder.commit();
    return summary(req.out, files, analysis, null, null, undefined, progress);
  } catch (e) {
    folder.abortSync();
    throw e;
  }
}

export async function runScore(req: ScoreRequest, progress: Progress): Promise<RunSummary> {
  const folder = OutputFolder.open(req.out);
  try {
    // Read the SoundFont first: a bad --soundfont should fail before minutes of analysis.
    const bank = await progress.stage('soundfont', () => readSoundBankFile(req.soundfont));
    const analyzed = await analyzeScene(req, progress);
    const probe = analyzed.probe;
    let analysis = analyzed.analysis;

    const plan = await progress.stage('plan', () => planScore(analysis, { seed: req.seed }));
    folder.writeJson('plan.json', plan);

    const score = await progress.stage('compose', () => composeScore(plan, { seed: req.seed }));
    folder.write('score.mid', writeMidi(score));

    const lengthSamples = Math.round(analysis.video.duration * SAMPLE_RATE);
    const rendered = await progress.stage('render', () => renderScoreStems(score, lengthSamples, bank));
    analysis = { ...analysis, diagnostics: [...analysis.diagnostics, ...rendered.diagnostics] };
    folder.writeJson('analysis.json', analysis);

    const production = await progress.stage('audio48k', () => extractProgramStereo48k(req.video, probe));
    const delivery = await progress.stage('mix', () =>
      buildDeliveryMix({
        stems: rendered.stems,
        effectsReturn: rendered.effectsReturn,
        production: production.hadAudio ? production.channels : null,
        speech: analysis.speech,
        sampleRate: SAMPLE_RATE,
        target: req.loudness.target,
        truePeakCeiling: req.loudness.truePeak,
        // AAC (mp4/mov) and Vorbis (webm) overshoot the PCM's true peak by a few tenths of a dB.
        programTruePeakCeiling: req.loudness.truePeak - (['mp4', 'mov', 'webm'].includes(containerFor(req.video)) ? 0.5 : 0),
      }),
    );

    const timeRef = Math.round(probe.startTime * SAMPLE_RATE);
    const wavs: string[] = [];
    await progress.stage('write', () => {
      const wav = (rel: string, ch: readonly Float32Array[], description: string): void => {
        wavs.push(folder.write(rel, encodeWav24(ch, SAMPLE_RATE, { timeReferenceSamples: timeRef, description })));
      };
      for (const [name, ch] of delivery.stems) wav(`stems/${name}.wav`, ch, `filmscore stem ${name}`);
      for (const [name, ch] of delivery.unduckedStems) wav(`stems/unducked/${name}.wav`, ch, `filmscore stem ${name} (not ducked)`);
      if (delivery.reverb) wav('stems/reverb.wav', delivery.reverb, 'filmscore shared reverb return');
      if (delivery.unduckedReverb) wav('stems/unducked/reverb.wav', delivery.unduckedReverb, 'filmscore shared reverb return (not ducked)');
      wav('mix.wav', delivery.mix, 'filmscore score mix (ducked)');
      if (req.surround) wav('mix-5.1.wav', upmixTo51(delivery.mix, delivery.reverb, SAMPLE_RATE, req.loudness.truePeak), 'filmscore score mix 5.1 (L R C LFE Ls Rs, ducked)');
    });
    const extra = (req.formats ?? []).filter((f): f is Exclude<DeliveryFormat, 'wav'> => f !== 'wav');
    if (extra.length > 0) {
      await progress.stage('encode', async () => {
        // MP3 holds at most two channels: the 5.1 mix goes to the lossless formats only.
        for (const f of extra) for (const w of wavs) if (!(f === 'mp3' && w.endsWith('mix-5.1.wav'))) await encodeDelivery(w, f, timeRef);
      });
    }

    let videoName: string | null = null;
    if (!req.noVideo) {
      videoName = scoredVideoName(req.video);
      const programWav = folder.write('.program.wav', encodeWav24(delivery.program, SAMPLE_RATE));
      await progress.stage('mux', () => muxScoredVideo({ video: req.video, probe, audioWav: programWav, out: folder.path(videoName!) }));
      fs.rmSync(programWav);
    }

    const cuts = analysis.shots.filter((s) => s.transition === 'cut' && s.start > 0).map((s) => s.start);
    const sync = await measureScoreSync(score, plan.hitPoints, cuts, delivery.unduckedStems, delivery.unduckedMix, bank, progress);
    folder.writeJson('sync-report.json', sync);

    const loud = {
      target: req.loudness.target,
      mixIntegrated: delivery.mixLoudness.integrated,
      mixTruePeak: delivery.mixLoudness.truePeak,
      programIntegrated: delivery.programLoudness.integrated,
      programTruePeak: delivery.programLoudness.truePeak,
    };
    const report = await progress.stage('report', () =>
      buildReport({
        analysis, plan, sync, loudness: loud, videoHref: videoName, stems: [...delivery.stems.keys()],
        pictureFile: req.video, mix: delivery.mix, program: delivery.program, sampleRate: SAMPLE_RATE,
      }),
    );
    folder.write('report.html', report.html);
    folder.writeJson('run.json', { version: 1, request: { ...req, loudness: req.loudness.name }, loudness: loud, timings: progress.timings });

    const files = folder.commit();
    return summary(req.out, files, analysis, plan, sync, { target: loud.target, program: loud.programIntegrated, programTruePeak: loud.programTruePeak, mix: loud.mixIntegrated, mixTruePeak: loud.mixTruePeak }, progress);
  } catch (e) {
    folder.abortSync();
    throw e;
  }
}

function summary(out: string, files: string[], a: Analysis, plan: ScorePlan | null, sync: SyncReport | null, loudness: RunSummary['loudness'], progress: Progress): RunSummary {
  return {
    out: path.resolve(out),
    files,
    duration: a.video.duration,
    shots: a.shots.length,
    lines: a.script.lines.length,
    hitPoints: plan?.hitPoints.length ?? 0,
    style: plan?.style ?? '',
    loudness: loudness ? { target: loudness.target, program: r1(loudness.program), programTruePeak: r1(loudness.programTruePeak), mix: r1(loudness.mix), mixTruePeak: r1(loudness.mixTruePeak) } : undefined,
    sync: sync ? { maxAbsErrorMs: sync.maxAbsErrorMs, globalOffsetMs: sync.globalOffsetMs } : undefined,
    timings: progress.timings.map((t) => ({ stage: t.stage, seconds: Math.round(t.seconds * 1000) / 1000 })),
    warnings: a.diagnostics.filter((d) => d.level === 'warning').map((d) => `${d.stage}: ${d.message}`),
  };
}

const r1 = (x: number): number => Math.round(x * 10) / 10;
