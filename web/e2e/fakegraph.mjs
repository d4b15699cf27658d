// Starts bin/fakegraph (internal/whatsapp/graphtest/fakegraph), a local
// stand-in for Meta's Graph API, for the browser tests.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from './server.mjs';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Starts fakegraph on a free port with the given flags (e.g. ['--number',
 * 'ID:TOKEN:DISPLAY:NAME']); resolves with { baseURL, stop } once it prints
 * its base URL (with the API version, as PILOTO_WHATSAPP_GRAPH_URL takes it).
 */
export async function startFakeGraph(args = []) {
  const bin = process.env.FAKEGRAPH_BIN || path.resolve(webDir, '../bin/fakegraph');
  if (!existsSync(bin)) {
    throw new Error(`no fakegraph at ${bin}: build it with go build -o bin/fakegraph ./internal/whatsapp/graphtest/fakegraph`);
  }
  const port = await freePort();
  const child = spawn(bin, ['--addr', `127.0.0.1:${port}`, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise((resolve, reject) => {
    lines.on('line', (line) => {
      // "fakegraph: Graph API on http://127.0.0.1:PORT/v23.0"
      const match = /^fakegraph: Graph API on (\S+)$/.exec(line.trim());
      if (match) resolve(match[1]);
    });
    exited.then(() => reject(new Error(`fakegraph exited before it was ready:\n${stderr}`)));
    setTimeout(() => reject(new Error(`fakegraph was not ready within 10 s:\n${stderr}`)), 10_000).unref();
  });
  try {
    return { baseURL: await ready, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
