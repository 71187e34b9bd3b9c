/**
 * `filmscore demo`: synthesises a 38 s scene with ffmpeg's test sources — six shots joined by
 * hard cuts, a fade in from black, a fast pan with a colour shift, a dark static ending — a
 * stand-in dialogue track (band-passed noise gated and modulated at a syllable rate during
 * each subtitle), a matching SRT and a prompt with timecoded cues. Only ffmpeg is needed
 * (the system's, or the one shipped in the npm package), so it runs right after `npm ci`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runFfmpeg } from '../ingest/ffmpeg.js';
import { writeFileAtomic } from '../deliver/atomic-write.js';

export interface DemoScene {
  readonly video: string;
  readonly script: string;
  readonly prompt: string;
  readonly out: string;
}

/** The demo's dialogue: [start, end, speaker, text]. */
export const DEMO_LINES: readonly [number, number, string, string][] = [
  [1.5, 4.0, 'ANNA', "Where are you going? It's the middle of the night."],
  [4.6, 7.0, 'MARK', "I can't stay here. Not anymore."],
  [9.5, 12.0, 'ANNA', "They're coming. We have to move, now!"],
  [16.0, 17.5, 'MARK', 'Run! Get to the car!'],
  [19.0, 20.8, 'ANNA', "Faster! They're right behind us!"],
  [33.0, 35.8, 'MARK', "It's over. We're safe now."],
];

export const DEMO_PROMPT =
  'Tense hybrid orchestral-electronic score, around 100 bpm, building to a huge crescendo at 00:27, then a sudden drop to an ambient drone at 00:31.';

/** Shot boundaries of the demo (seconds): cuts at 8, 15, 21, 27, 31; fade in over 0–1 s. */
export const DEMO_CUTS: readonly number[] = [8, 15, 21, 27, 31];
export const DEMO_DURATION = 38;

function srtTime(t: number): string {
  const ms = Math.round(t * 1000);
  const h = Math.floor(ms / 3600000), m = Math.floor((ms % 3600000) / 60000), s = Math.floor((ms % 60000) / 1000);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')},${String(ms % 1000).padStart(3, '0')}`;
}

export function demoSrt(): string {
  return DEMO_LINES.map(([a, b, who, text], i) => `${i + 1}\n${srtTime(a)} --> ${srtTime(b)}\n${who}: ${text}\n`).join('\n');
}

/** ffmpeg arguments that write the demo video to `file` (mp4, 640x360, 24 fps, AAC stereo). */
export function demoFfmpegArgs(file: string): string[] {
  const S = '640x360', R = 24;
  const src = (expr: string): string[] => ['-f', 'lavfi', '-i', expr];
  const gate = DEMO_LINES.map(([a, b]) => `between(t,${a + 0.1},${b - 0.1})`).join('+');
  const graph = [
    // 1: night exterior — dark blue, a slow light moving across, film grain, fade in.
    `[0:v][1:v]overlay=x='40+t*30':y=120,noise=alls=8:allf=t,fade=t=in:st=0.4:d=1.2,setsar=1,format=yuv420p[s0]`,
    // 2: a slow zoom (Mandelbrot).
    `[2:v]trim=duration=7,setpts=PTS-STARTPTS,setsar=1,format=yuv420p[s1]`,
    // 3: a warm, grainy interior.
    `[3:v]noise=alls=14:allf=t,trim=duration=6,setpts=PTS-STARTPTS,setsar=1,format=yuv420p[s2]`,
    // 4: fast pan across a wide pattern, hue sweeping to warm.
    `[4:v]crop=640:360:x='t*210':y=0,hue=h=25:s=1.4,trim=duration=6,setpts=PTS-STARTPTS,setsar=1,format=yuv420p[s3]`,
    // 5: the climax: bright moving test pattern.
    `[5:v]eq=brightness=0.08:saturation=1.5,trim=duration=4,setpts=PTS-STARTPTS,setsar=1,format=yuv420p[s4]`,
    // 6: aftermath: dark, grey, static with grain.
    `[6:v]noise=alls=6:allf=t,trim=duration=7,setpts=PTS-STARTPTS,setsar=1,format=yuv420p[s5]`,
    `[s0][s1][s2][s3][s4][s5]concat=n=6:v=1:a=0[v]`,
    // Dialogue stand-in: band-passed pink noise, gated to the subtitles, modulated at ~4.3 syllables/s; room tone under it.
    `[7:a]bandpass=f=900:width_type=h:w=1400,volume='(${gate})*(0.55+0.45*sin(2*PI*4.3*t))':eval=frame,volume=2.5[talk]`,
    `[8:a]lowpass=f=400,volume=0.05[room]`,
    `[talk][room]amix=inputs=2:duration=first,volume=2,aformat=channel_layouts=stereo[a]`,
  ].join(';');
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-y',
    ...src(`color=c=0x0b1a33:s=${S}:r=${R}:d=8`),
    ...src(`color=c=0x6688cc:s=120x120:r=${R}:d=8`),
    ...src(`mandelbrot=s=${S}:r=${R}`),
    ...src(`color=c=0x9a6a3a:s=${S}:r=${R}`),
    ...src(`smptehdbars=s=1920x360:r=${R}`),
    ...src(`testsrc=s=${S}:r=${R}`),
    ...src(`color=c=0x262626:s=${S}:r=${R}`),
    ...src(`anoisesrc=d=${DEMO_DURATION}:c=pink:r=48000:a=0.5`),
    ...src(`anoisesrc=d=${DEMO_DURATION}:c=brown:r=48000:a=0.3`),
    '-filter_complex', graph,
    '-map', '[v]', '-map', '[a]',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-g', '48', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '128k', '-ar', '48000',
    '-t', String(DEMO_DURATION), '-movflags', '+faststart',
    file,
  ];
}

/** Write the demo scene into `<out>/scene/` and return its files and prompt. */
export async function makeDemoScene(out: string): Promise<DemoScene> {
  const dir = path.join(out, 'scene');
  fs.mkdirSync(dir, { recursive: true });
  const video = path.join(dir, 'demo-scene.mp4');
  const tmp = path.join(dir, `.demo-scene.${process.pid}.tmp.mp4`);
  try {
    await runFfmpeg(demoFfmpegArgs(tmp));
    fs.renameSync(tmp, video);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  const script = writeFileAtomic(path.join(dir, 'demo-scene.srt'), demoSrt());
  writeFileAtomic(path.join(dir, 'prompt.txt'), DEMO_PROMPT + '\n');
  return { video, script, prompt: DEMO_PROMPT, out };
}
