/**
 * The output folder, written so that nothing half-written is ever left behind.
 *
 * Every artifact is first written into a private staging folder beside the target
 * (`.<name>.partial-<pid>`); only when the whole run succeeds is each file moved into the
 * target folder by rename (atomic per file, replacing an older run's file of the same name).
 * On failure or interruption the staging folder is removed. Files in the target folder that
 * filmscore did not write are never touched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserInputError } from '../model/errors.js';

const live = new Set<OutputFolder>();
let handlersInstalled = false;

function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      for (const f of live) f.abortSync();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

export class OutputFolder {
  readonly target: string;
  readonly staging: string;
  private done = false;

  private constructor(target: string, staging: string) {
    this.target = target;
    this.staging = staging;
  }

  /** Create the staging folder beside `target`; a folder we cannot write is the user's to fix. */
  static open(target: string): OutputFolder {
    const abs = path.resolve(target);
    const parent = path.dirname(abs);
    try {
      if (fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) {
        throw new UserInputError('the output path exists and is not a folder', { file: target });
      }
      fs.mkdirSync(parent, { recursive: true });
      fs.accessSync(parent, fs.constants.W_OK);
      if (fs.existsSync(abs)) fs.accessSync(abs, fs.constants.W_OK);
      const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(abs)}.partial-${process.pid}-`));
      const folder = new OutputFolder(abs, staging);
      live.add(folder);
      installSignalHandlers();
      return folder;
    } catch (e) {
      if (e instanceof UserInputError) throw e;
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system' : code === 'ENOSPC' ? 'no space left on the device' : code === 'ENOTDIR' ? 'a parent is not a folder' : (e as Error).message;
      throw new UserInputError(`cannot write the output folder: ${why}`, { file: target });
    }
  }

  /** Absolute path of an artifact inside the staging folder (parent folders created). */
  path(rel: string): string {
    const p = path.join(this.staging, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    return p;
  }

  /** Final path an artifact will have after commit. */
  finalPath(rel: string): string {
    return path.join(this.target, rel);
  }

  write(rel: string, data: Uint8Array | string): string {
    const p = this.path(rel);
    try {
      fs.writeFileSync(p, data);
    } catch (e) {
      throw diskError(e, this.finalPath(rel));
    }
    return p;
  }

  writeJson(rel: string, value: unknown): string {
    return this.write(rel, JSON.stringify(value, null, 2) + '\n');
  }

  /** Move every staged file into the target folder (each by atomic rename), then drop staging. */
  commit(): string[] {
    const moved: string[] = [];
    fs.mkdirSync(this.target, { recursive: true });
    const walk = (dir: string, rel: string): void => {
      for (const ent of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const from = path.join(dir, ent.name);
        const r = rel ? `${rel}/${ent.name}` : ent.name;
        if (ent.isDirectory()) {
          fs.mkdirSync(path.join(this.target, r), { recursive: true });
          walk(from, r);
        } else {
          fs.renameSync(from, path.join(this.target, r));
          moved.push(r);
        }
      }
    };
    walk(this.staging, '');
    fs.rmSync(this.staging, { recursive: true, force: true });
    this.done = true;
    live.delete(this);
    return moved;
  }

  abortSync(): void {
    if (this.done) return;
    fs.rmSync(this.staging, { recursive: true, force: true });
    this.done = true;
    live.delete(this);
  }
}

/** A write failure as the user's problem when it is theirs (disk full, permissions). */
export function diskError(e: unknown, file: string): Error {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return new UserInputError('no space left on the device', { file });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new UserInputError('cannot write: permission denied', { file });
  return e instanceof Error ? e : new Error(String(e));
}
