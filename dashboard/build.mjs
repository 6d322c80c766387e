// Bundles the dashboard into dist/ with esbuild: one script, the page and its style sheet.
// Everything comes from node_modules (npm ci): nothing is fetched from a CDN at run time.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const out = new URL('./dist/', import.meta.url);
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [new URL('./src/main.js', import.meta.url).pathname],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2022'],
  outfile: new URL('app.js', out).pathname,
  logLevel: 'warning',
});
for (const f of ['index.html', 'style.css']) copyFileSync(new URL(`./src/${f}`, import.meta.url), new URL(f, out));
console.log('dashboard built in dist/');
