// Serves dist/ (the built page) over HTTP with esbuild's static file server, until stopped,
// and prints the URL that points the page at a node:
//   node serve.mjs [--host 127.0.0.1] [--port 8080] [--ws ws://127.0.0.1:9944]
// The page is static: any other file server serves dist/ as well.
import { context } from 'esbuild';
import { existsSync } from 'node:fs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const host = arg('host', '127.0.0.1');
const port = Number(arg('port', '8080'));
const ws = arg('ws', 'ws://127.0.0.1:9944');
const servedir = new URL('./dist/', import.meta.url).pathname;
if (!existsSync(`${servedir}index.html`)) {
  console.error('dashboard/dist is not built: run `npm run build` in dashboard/ (make does)');
  process.exit(1);
}
const ctx = await context({ logLevel: 'warning' });
const served = await ctx.serve({ servedir, host, port });
const url = `http://${served.hosts?.[0] ?? host}:${served.port}/?ws=${encodeURIComponent(ws)}`;
console.log(`dashboard: ${url}`);
const stop = async () => {
  await ctx.dispose();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
