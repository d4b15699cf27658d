// Starts the real piloto binary (with the built web app embedded) on a free
// local port, for the browser tests.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readyTimeoutMs = 20_000;

/** A TCP port that was free a moment ago. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Settings every e2e server gets (a test's env overrides them). The tests sign
 * up and sign in many times from 127.0.0.1, more than the default limit of
 * sign-ups and logins per IP per minute.
 */
const defaultEnv = {
  PILOTO_RATE_LIMIT_LOGIN: '1000',
};

/**
 * Starts `piloto serve` and waits until /readyz answers 200.
 * env: extra PILOTO_* settings for this server (e.g. { PILOTO_ACCESS_TOKEN_TTL: '10s' }), or a
 * function of { port, url } that returns them (for settings that name the server's own port).
 * Returns { url, stop }; stop() ends the server and removes its data dir.
 */
export async function startServer({ env = {} } = {}) {
  const bin = process.env.PILOTO_BIN || path.resolve(webDir, '../bin/piloto');
  if (!existsSync(bin)) {
    throw new Error(`no server binary at ${bin}: build it with make build (after npm run build, so the app is embedded)`);
  }
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'piloto-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  const extraEnv = typeof env === 'function' ? env({ port, url }) : env;

  let stderr = '';
  const child = spawn(bin, ['serve'], {
    env: {
      ...process.env,
      ...defaultEnv,
      ...extraEnv,
      PILOTO_ADDR: `127.0.0.1:${port}`,
      PILOTO_DATA_DIR: dataDir,
      PILOTO_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
    }
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  }

  try {
    await waitUntilReady(url, exited);
  } catch (err) {
    await stop();
    throw new Error(`${err.message}\n--- server stderr ---\n${stderr || '(empty)'}`, { cause: err });
  }
  return { url, stop };
}

async function waitUntilReady(url, exited) {
  let done = null;
  exited.then((status) => {
    done = status;
  });
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (done) {
      throw new Error(`the server exited before it was ready (code ${done.code}, signal ${done.signal})`);
    }
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1_000) });
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server did not answer 200 on ${url}/readyz within ${readyTimeoutMs / 1000} s`);
}
