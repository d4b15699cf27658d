// The development outbox, read by the browser tests of the account's mail:
// the server runs without SMTP, so every mail it sends lands there.
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits for the newest mail to `to` whose text has a link to `linkPath`
 * (e.g. '/redefinir-senha') and returns that link's path and query, to open
 * on the server the test uses (the mail's links name the server's configured
 * app URL). Mail is sent by a background job, so it may take a moment.
 */
export async function linkFromMail(server, { to, linkPath, timeoutMs = 15_000 }) {
  const deadline = Date.now() + timeoutMs;
  const pattern = new RegExp(`https?://[^\\s]+${linkPath.replace(/[/.]/g, '\\$&')}\\?token=[^\\s]+`);
  while (Date.now() < deadline) {
    const res = await fetch(`${server.apiUrl ?? server.url}/api/v1/dev/outbox`);
    if (res.status !== 200) {
      throw new Error(`GET /api/v1/dev/outbox answered ${res.status}: the server keeps no mail`);
    }
    const { items } = await res.json();
    const mail = items
      .filter((m) => m.to === to && pattern.test(m.text))
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))[0];
    if (mail) {
      const link = new URL(pattern.exec(mail.text)[0]);
      return { path: link.pathname + link.search, mail };
    }
    await sleep(200);
  }
  throw new Error(`no mail to ${to} with a ${linkPath} link within ${timeoutMs / 1000} s`);
}
