#!/usr/bin/env node
// The `filmscore` command. The TypeScript build (dist/) is made by `npm ci` (the prepare script).
import { existsSync } from 'node:fs';
const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('filmscore: not built yet: run `npm run build` (or `npm ci`) in the filmscore folder\n');
  process.exit(1);
}
await import(entry.href);
