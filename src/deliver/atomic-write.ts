/**
 * Atomic file writing: the whole file appears under its final name or not at all.
 * The data goes to a temporary name in the same folder (same file system, so the
 * rename is atomic), is flushed to disk with fsync, and is then renamed over the
 * target. On any error the temporary file is removed and the error rethrown.
 */
import fs from 'node:fs';
import path from 'node:path';

let counter = 0;

/** Temporary sibling name for `target`: `.name.<pid>.<n>.tmp` in the same folder. */
function tempNameFor(target: string): string {
  counter = (counter + 1) % 1_000_000;
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${counter}.tmp`);
}

/**
 * Writes `data` to `target` atomically (temp name in the same folder, fsync, rename).
 * Strings are written as UTF-8. The folder must exist. Returns the final path.
 */
export function writeFileAtomic(target: string, data: Uint8Array | string): string {
  const tmp = tempNameFor(target);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', 0o644);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.byteLength) {
      off += fs.writeSync(fd, bytes, off, bytes.byteLength - off);
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, target);
    return target;
  } catch (err) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already failing: keep the first error */
      }
    }
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* already failing: keep the first error */
    }
    throw err;
  }
}
