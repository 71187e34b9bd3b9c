/**
 * The charting library the page bundles inline: uPlot (MIT, ~50 kB minified), read from the
 * installed `uplot` package at run time. Resolved through Node's module resolution from this
 * file, so it works from the repository and from an installed filmscore package alike.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

export interface InlineAssets {
  readonly uplotJs: string;
  readonly uplotCss: string;
  readonly uplotVersion: string;
}

let cached: InlineAssets | null = null;

export function inlineAssets(): InlineAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('uplot/package.json');
  const dir = path.dirname(pkgFile);
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { version?: string };
  cached = {
    uplotJs: fs.readFileSync(path.join(dir, 'dist/uPlot.iife.min.js'), 'utf8'),
    uplotCss: fs.readFileSync(path.join(dir, 'dist/uPlot.min.css'), 'utf8'),
    uplotVersion: pkg.version ?? '?',
  };
  return cached;
}

/** Text safe inside a <script> or <style> element: no "</" that could close it early. */
export function inlineSafe(code: string): string {
  return code.replace(/<\/(script|style)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
