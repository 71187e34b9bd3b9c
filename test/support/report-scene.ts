/**
 * A short scene for report tests: three visibly different shots (hard cuts at 3.5 s and 7 s),
 * dialogue spoken by espeak-ng at the two subtitle lines over a quiet noise bed (or, without
 * espeak-ng, band-passed noise gated to the lines), its SRT, and a prompt with a timecoded hit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { runFfmpeg } from '../../src/ingest/ffmpeg.js';
import { hasEspeak } from './audio-fixtures.js';

export interface ReportScene {
  readonly video: string;
  readonly script: string;
  readonly prompt: string;
  readonly duration: number;
}

export const REPORT_SCENE_LINES: readonly [number, number, string][] = [
  [0.8, 2.8, 'ANNA: Did you hear that?'],
  [4.2, 6.0, 'MARK: Get down, now!'],
];

export async function makeReportScene(dir: string, seconds = 10): Promise<ReportScene> {
  fs.mkdirSync(dir, { recursive: true });
  const video = path.join(dir, 'scene.mp4');
  const S = '320x180', R = 25;
  const gate = REPORT_SCENE_LINES.map(([a, b]) => `between(t,${a},${b})`).join('+');
  const a = 3.5, b = 7;
  const speak = hasEspeak();
  const speechInputs: string[] = [];
  if (speak) {
    REPORT_SCENE_LINES.forEach(([, , text], i) => {
      const wav = path.join(dir, `line-${i}.wav`);
      execFileSync('espeak-ng', ['-v', 'en', '-s', '160', '-w', wav, text.replace(/^[A-Z]+: /, '')]);
      speechInputs.push('-i', wav);
    });
  }
  const audioGraph = speak
    ? `[3:a]volume=0.04[bed];` +
      REPORT_SCENE_LINES.map(([s0], i) => `[${4 + i}:a]aresample=48000,adelay=${Math.round(s0 * 1000)}|${Math.round(s0 * 1000)}[l${i}]`).join(';') +
      `;[bed]${REPORT_SCENE_LINES.map((_, i) => `[l${i}]`).join('')}amix=inputs=${1 + REPORT_SCENE_LINES.length}:duration=first,volume=${1 + REPORT_SCENE_LINES.length},aformat=channel_layouts=stereo[a]`
    : `[3:a]bandpass=f=900:width_type=h:w=1400,volume='(${gate})*(0.55+0.45*sin(2*PI*4.3*t))':eval=frame,volume=3,aformat=channel_layouts=stereo[a]`;
  await runFfmpeg([
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `color=c=0x0b1a33:s=${S}:r=${R}:d=${a}`,
    '-f', 'lavfi', '-i', `testsrc2=s=${S}:r=${R}:d=${b - a}`,
    '-f', 'lavfi', '-i', `smptebars=s=${S}:r=${R}:d=${seconds - b}`,
    '-f', 'lavfi', '-i', `anoisesrc=d=${seconds}:c=pink:r=48000:a=0.5`,
    ...speechInputs,
    '-filter_complex',
    `[0:v]noise=alls=10:allf=t,format=yuv420p,setsar=1[s0];[1:v]format=yuv420p,setsar=1[s1];[2:v]format=yuv420p,setsar=1[s2];[s0][s1][s2]concat=n=3:v=1:a=0[v];` +
      audioGraph,
    '-map', '[v]', '-map', '[a]',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '26', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '96k', '-ar', '48000',
    '-t', String(seconds), '-movflags', '+faststart', video,
  ]);
  const srtTime = (t: number): string => {
    const ms = Math.round(t * 1000);
    return `00:00:${String(Math.floor(ms / 1000)).padStart(2, '0')},${String(ms % 1000).padStart(3, '0')}`;
  };
  const script = path.join(dir, 'scene.srt');
  fs.writeFileSync(script, REPORT_SCENE_LINES.map(([s, e, text], i) => `${i + 1}\n${srtTime(s)} --> ${srtTime(e)}\n${text}\n`).join('\n'));
  return { video, script, prompt: 'Tense orchestral score, a big hit at 00:05, then calm.', duration: seconds };
}
