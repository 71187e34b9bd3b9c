/**
 * Progress on a terminal: one status line on stderr, rewritten in place, only when stderr
 * is a TTY and the run is not in --json/--quiet mode. Stage timings are always recorded.
 */
export type ProgressFn = (fraction: number, detail?: string) => void;

export interface StageTiming {
  readonly stage: string;
  readonly seconds: number;
}

export class Progress {
  readonly timings: StageTiming[] = [];
  private readonly tty: boolean;
  private lastDraw = 0;

  constructor(enabled: boolean, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.tty = enabled && Boolean(stream.isTTY);
  }

  /** Run one stage, timing it and showing its progress. */
  async stage<T>(name: string, fn: (progress: ProgressFn) => Promise<T> | T): Promise<T> {
    const t0 = performance.now();
    this.draw(name, 0, '', true);
    try {
      return await fn((f, d) => this.draw(name, f, d ?? '', false));
    } finally {
      const s = (performance.now() - t0) / 1000;
      this.timings.push({ stage: name, seconds: s });
      if (this.tty) this.stream.write(`\r\x1b[2K  ${name.padEnd(10)} done in ${s.toFixed(2)} s\n`);
    }
  }

  private draw(name: string, fraction: number, detail: string, force: boolean): void {
    if (!this.tty) return;
    const now = performance.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = 24;
    const f = Math.max(0, Math.min(1, fraction));
    const bar = '█'.repeat(Math.round(f * width)).padEnd(width, '░');
    this.stream.write(`\r\x1b[2K  ${name.padEnd(10)} ${bar} ${(f * 100).toFixed(0).padStart(3)}% ${detail}`.slice(0, (this.stream.columns ?? 100) - 1));
  }
}
