/**
 * Locating and running ffmpeg / ffprobe.
 *
 * Order of preference for each binary:
 *   1. the env var FILMSCORE_FFMPEG / FILMSCORE_FFPROBE (a path),
 *   2. `ffmpeg` / `ffprobe` on PATH (the system's build),
 *   3. the static build inside `@ffmpeg-installer/ffmpeg` / `@ffprobe-installer/ffprobe`
 *      (a 2018 build: no `scdet`, no `xfade`, no `-fps_mode`; see {@link ffmpegCapabilities}).
 *
 * npm 11 may skip the installers' postinstall chmod, so the fallback binary is made
 * executable (u+x) when it is not.
 */
import { spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type MediaTool = 'ffmpeg' | 'ffprobe';

const resolved = new Map<MediaTool, string>();

/** Absolute path (or PATH name) of the ffmpeg binary to use. Cached. */
export function ffmpegPath(): string {
  return toolPath('ffmpeg');
}

/** Absolute path (or PATH name) of the ffprobe binary to use. Cached. */
export function ffprobePath(): string {
  return toolPath('ffprobe');
}

/** Forget cached binary paths and capabilities (tests that switch FILMSCORE_FFMPEG use this). */
export function resetMediaToolCache(): void {
  resolved.clear();
  capabilityCache.clear();
  fpsModeCache.clear();
}

function toolPath(tool: MediaTool): string {
  const cached = resolved.get(tool);
  if (cached) return cached;
  const envName = tool === 'ffmpeg' ? 'FILMSCORE_FFMPEG' : 'FILMSCORE_FFPROBE';
  const fromEnv = process.env[envName];
  let found: string | undefined;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`${envName}=${fromEnv}: no such file`);
    ensureExecutable(fromEnv);
    found = fromEnv;
  } else {
    found = onPath(tool) ?? fromInstaller(tool);
  }
  if (!found) {
    throw new Error(
      `${tool} not found: not on PATH and @${tool}-installer/${tool} has no binary for ${process.platform}-${process.arch}; ` +
        `install ffmpeg or set ${envName}`,
    );
  }
  resolved.set(tool, found);
  return found;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function ensureExecutable(file: string): void {
  if (process.platform === 'win32' || isExecutable(file)) return;
  try {
    chmodSync(file, statSync(file).mode | 0o100);
  } catch {
    // Read-only install: leave it; spawning will report the problem clearly.
  }
}

function onPath(tool: MediaTool): string | undefined {
  const exe = process.platform === 'win32' ? `${tool}.exe` : tool;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, exe);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function fromInstaller(tool: MediaTool): string | undefined {
  const require = createRequire(import.meta.url);
  try {
    const mod = require(tool === 'ffmpeg' ? '@ffmpeg-installer/ffmpeg' : '@ffprobe-installer/ffprobe') as { path?: string };
    if (!mod.path || !existsSync(mod.path)) return undefined;
    ensureExecutable(mod.path);
    return mod.path;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- running

export interface RunOptions {
  /** Which binary; default 'ffmpeg'. */
  readonly tool?: MediaTool;
  /** Bytes written to the child's stdin, then stdin is closed. */
  readonly input?: Uint8Array;
  /** Abort the child when this signal fires. */
  readonly signal?: AbortSignal;
  /** Accept these exit codes besides 0 (rarely needed). */
  readonly okExitCodes?: readonly number[];
}

export interface RunResult {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly exitCode: number;
}

/** Error raised when ffmpeg/ffprobe exits non-zero; carries the tail of stderr. */
export class MediaToolError extends Error {
  readonly tool: MediaTool;
  readonly exitCode: number | null;
  readonly stderr: string;
  readonly args: readonly string[];
  constructor(tool: MediaTool, args: readonly string[], exitCode: number | null, stderr: string, cause?: unknown) {
    const tail = stderrTail(stderr);
    super(`${tool} failed (${exitCode === null ? 'killed' : `exit ${exitCode}`}): ${tail || 'no error output'}`, { cause });
    this.name = 'MediaToolError';
    this.tool = tool;
    this.exitCode = exitCode;
    this.stderr = stderr;
    this.args = args;
  }
}

/** Last few meaningful lines of a tool's stderr, joined on one line. */
export function stderrTail(stderr: string, lines = 3): string {
  return stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .slice(-lines)
    .join(' | ');
}

/**
 * Run ffmpeg (or ffprobe with `{tool: 'ffprobe'}`) to completion, buffering stdout and
 * stderr. Resolves when the exit code is 0; rejects with {@link MediaToolError} otherwise.
 * Use only for bounded outputs; stream large outputs with `spawnMediaTool`.
 */
export function runFfmpeg(args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const tool = opts.tool ?? 'ffmpeg';
  const bin = toolPath(tool);
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args as string[], { stdio: ['pipe', 'pipe', 'pipe'], signal: opts.signal });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => undefined); // EPIPE when the tool exits before reading all input
    child.on('error', (e) => reject(new MediaToolError(tool, args, null, `${e.message}\n${Buffer.concat(err).toString()}`, e)));
    child.on('close', (code) => {
      const stdout = Buffer.concat(out);
      const stderr = Buffer.concat(err);
      const exitCode = code ?? -1;
      if (code === 0 || (code !== null && opts.okExitCodes?.includes(code))) resolve({ stdout, stderr, exitCode });
      else reject(new MediaToolError(tool, args, code, stderr.toString()));
    });
    if (opts.input) child.stdin.end(Buffer.from(opts.input.buffer, opts.input.byteOffset, opts.input.byteLength));
    else child.stdin.end();
  });
}

/** Run ffprobe to completion (see {@link runFfmpeg}). */
export function runFfprobe(args: readonly string[], opts: Omit<RunOptions, 'tool'> = {}): Promise<RunResult> {
  return runFfmpeg(args, { ...opts, tool: 'ffprobe' });
}

// ---------------------------------------------------------------- capabilities

export interface FfmpegCapabilities {
  /** The binary these describe. */
  readonly path: string;
  /** First line of `ffmpeg -version`, e.g. "ffmpeg version 5.1.6-0+deb12u1 …". */
  readonly version: string;
  /** Filter names (`ffmpeg -filters`). */
  readonly filters: ReadonlySet<string>;
  /** Encoder names (`ffmpeg -encoders`). */
  readonly encoders: ReadonlySet<string>;
  readonly hasXfade: boolean;
  readonly hasEbur128: boolean;
  readonly hasScdet: boolean;
  /** `-fps_mode` exists (ffmpeg ≥ 5.1); otherwise use `-vsync`. */
  readonly hasFpsMode: boolean;
}

const capabilityCache = new Map<string, Promise<FfmpegCapabilities>>();

/** What the chosen ffmpeg build can do (version, filters, encoders). Cached per binary. */
export function ffmpegCapabilities(): Promise<FfmpegCapabilities> {
  const bin = ffmpegPath();
  let p = capabilityCache.get(bin);
  if (!p) {
    p = probeCapabilities(bin);
    capabilityCache.set(bin, p);
    p.catch(() => capabilityCache.delete(bin));
  }
  return p;
}

async function probeCapabilities(bin: string): Promise<FfmpegCapabilities> {
  const [version, filters, encoders, fpsMode] = await Promise.all([
    runFfmpeg(['-hide_banner', '-version']),
    runFfmpeg(['-hide_banner', '-filters']),
    runFfmpeg(['-hide_banner', '-encoders']),
    hasFpsMode(),
  ]);
  const filterNames = listNames(filters.stdout.toString(), /^\s*[.A-Z|]{2,3}\s+(\S+)\s+\S+->\S+/);
  const encoderNames = listNames(encoders.stdout.toString(), /^\s*[VASDFXB.]{6}\s+(\S+)\s/);
  return {
    path: bin,
    version: version.stdout.toString().split('\n')[0]?.trim() ?? '',
    filters: filterNames,
    encoders: encoderNames,
    hasXfade: filterNames.has('xfade'),
    hasEbur128: filterNames.has('ebur128'),
    hasScdet: filterNames.has('scdet'),
    hasFpsMode: fpsMode,
  };
}

function listNames(text: string, re: RegExp): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const m = re.exec(line);
    if (m?.[1] && m[1] !== '=') names.add(m[1]);
  }
  return names;
}

const fpsModeCache = new Map<string, Promise<boolean>>();

/**
 * Whether the chosen ffmpeg has `-fps_mode` (5.1 and later), cached per binary: answered by the
 * first {@link runFfmpegPassthrough} when one has run or is running (no run of its own), else by
 * `ffmpeg -h long`. Each start of Debian's ffmpeg maps ~200 shared libraries, ~0.1 s of CPU; the
 * frame reader needs only this, not the whole {@link ffmpegCapabilities}.
 */
export function hasFpsMode(): Promise<boolean> {
  const bin = ffmpegPath();
  let p = fpsModeCache.get(bin);
  if (!p) {
    p = runFfmpeg(['-hide_banner', '-h', 'long']).then((help) => /-fps_mode\b/.test(help.stdout.toString()));
    rememberFpsMode(bin, p);
  }
  return p;
}

function rememberFpsMode(bin: string, p: Promise<boolean>): void {
  fpsModeCache.set(bin, p);
  p.catch(() => {
    if (fpsModeCache.get(bin) === p) fpsModeCache.delete(bin);
  });
}

const FPS_MODE_PASSTHROUGH = ['-fps_mode', 'passthrough'] as const;
const VSYNC_PASSTHROUGH = ['-vsync', 'passthrough'] as const;

/**
 * Run ffmpeg with the arguments `build` makes around this build's passthrough sync option
 * (see {@link passthroughSyncArgs}), learning from the run itself whether the build has
 * `-fps_mode` when that is not known yet: options are parsed before any input is opened, so a
 * run that does not stop at "Unrecognized option 'fps_mode'" has it. Older builds cost one
 * more start (the same run again with `-vsync`).
 */
export async function runFfmpegPassthrough(build: (sync: readonly string[]) => string[], opts: RunOptions = {}): Promise<RunResult> {
  const bin = ffmpegPath();
  const known = fpsModeCache.get(bin);
  if (known) return runFfmpeg(build((await known) ? FPS_MODE_PASSTHROUGH : VSYNC_PASSTHROUGH), opts);
  let tell: (has: boolean) => void = () => undefined;
  let fail: (e: unknown) => void = () => undefined;
  rememberFpsMode(bin, new Promise<boolean>((resolve, reject) => ((tell = resolve), (fail = reject))));
  try {
    const r = await runFfmpeg(build(FPS_MODE_PASSTHROUGH), opts);
    tell(true);
    return r;
  } catch (e) {
    if (!(e instanceof MediaToolError) || e.exitCode === null) {
      fail(e); // did not run (spawn failure, aborted): nothing learnt
      throw e;
    }
    const unknownOption = /Unrecognized option 'fps_mode'/.test(e.stderr);
    tell(!unknownOption);
    if (!unknownOption) throw e;
    return runFfmpeg(build(VSYNC_PASSTHROUGH), opts);
  }
}

/** The arguments that make ffmpeg pass frames through untouched (no dup/drop), for this build. */
export async function passthroughSyncArgs(): Promise<string[]> {
  return [...((await hasFpsMode()) ? FPS_MODE_PASSTHROUGH : VSYNC_PASSTHROUGH)];
}
