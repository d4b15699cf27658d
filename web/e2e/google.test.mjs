// "Entrar com Google" in the browser, against the local OpenID Connect
// provider (bin/fakeoidc) standing in for Google: every sign-in at its
// /authorize is the identity it was started with, at once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { accountButton, heading, signedOutErrors, useBrowser } from './browser.mjs';
import { freePort } from './server.mjs';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const identity = { name: 'Gabi Google', email: `gabi.${randomBytes(4).toString('hex')}@example.com` };

/** Starts fakeoidc on a free port; resolves with { issuer, stop } once it prints "ready <issuer>". */
async function startProvider() {
  const bin = process.env.FAKEOIDC_BIN || path.resolve(webDir, '../bin/fakeoidc');
  if (!existsSync(bin)) {
    throw new Error(`no fakeoidc at ${bin}: build it with go build -o bin/fakeoidc ./internal/auth/oidctest/fakeoidc`);
  }
  const port = await freePort();
  const child = spawn(bin, ['--addr', `127.0.0.1:${port}`, '--email', identity.email, '--name', identity.name], {
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
      const match = /^ready (\S+)$/.exec(line.trim());
      if (match) resolve(match[1]);
    });
    exited.then(() => reject(new Error(`fakeoidc exited before it was ready:\n${stderr}`)));
    setTimeout(() => reject(new Error(`fakeoidc was not ready within 10 s:\n${stderr}`)), 10_000).unref();
  });
  try {
    return { issuer: await ready, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

let provider;
const suite = useBrowser(async () => {
  provider = await startProvider();
  return {
    // The callback must come back to the very host the browser uses, or the flow cookie is not sent.
    env: ({ url }) => ({
      PILOTO_GOOGLE_CLIENT_ID: 'piloto-dev',
      PILOTO_GOOGLE_CLIENT_SECRET: 'piloto-dev-secret',
      PILOTO_GOOGLE_ISSUER: provider.issuer,
      PILOTO_PUBLIC_URL: url,
      PILOTO_APP_URL: url,
    }),
  };
});

// After the browser and the server (hooks run in the order they were registered).
after(async () => {
  await provider?.stop();
});

describe('sign in with Google in the browser', { timeout: 60_000 }, () => {
  test('"Entrar com Google" signs in as the Google identity; it shows as a connected account', async () => {
    const session = await suite.open();
    const { page } = session;
    session.expectErrors(signedOutErrors);
    await session.goto('/entrar?next=%2Fleads');
    await page.getByRole('link', { name: 'Entrar com Google', exact: true }).click();
    await page.waitForURL(`${suite.server.url}/leads`);
    await heading(page, 'Leads').waitFor();
    await accountButton(page, identity).waitFor();
    session.expectErrors([]);

    // A new account, its e-mail confirmed by Google: no banner; the identity is listed.
    assert.equal(await page.getByRole('region', { name: 'Confirmação de e-mail' }).count(), 0);
    const identities = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/account/identities');
    await session.goto('/configuracoes/seguranca');
    const { items } = await (await identities).json();
    assert.equal(items.length, 1);
    const connected = page.getByRole('region', { name: 'Contas conectadas' });
    await connected.getByText(identity.email, { exact: true }).waitFor();

    // Its only way in (no password yet): the server refuses to disconnect it, and the dialog says why.
    session.expectErrors([{ status: 409, path: `/api/v1/account/identities/${items[0].id}` }]);
    const provider = new URL(items[0].issuer).hostname; // "Google" for Google itself
    await connected.getByRole('button', { name: `Desconectar ${provider} (${identity.email})`, exact: true }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByRole('button', { name: 'Desconectar', exact: true }).click();
    const alert = dialog.getByRole('alert');
    await alert.getByText('Não foi possível desconectar', { exact: true }).waitFor();
    await alert.getByText(/única forma de entrar/).waitFor();
    await session.assertClean();
  });

  test('on /entrar and /cadastro the button is a plain link to the API, with where to land', async () => {
    const session = await suite.open();
    const { page } = session;
    session.expectErrors(signedOutErrors);
    for (const [at, next] of [
      ['/entrar?next=%2Fconversas', '/conversas'],
      ['/cadastro', '/painel'],
    ]) {
      await session.goto(at);
      const href = new URL(await page.getByRole('link', { name: 'Entrar com Google', exact: true }).getAttribute('href'));
      assert.equal(href.origin, suite.server.url);
      assert.equal(href.pathname, '/api/v1/auth/google/login');
      assert.equal(href.searchParams.get('next'), next);
    }

    // A sign-in that came back with an error says why, in words.
    await session.goto('/entrar?erro=google_cancelled');
    await page.getByRole('alert').getByText(/^A entrada com o Google foi cancelada\./).waitFor();
    await session.assertClean();
  });
});
