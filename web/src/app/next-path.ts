import { paths } from './paths';

// Where to go after signing in: the ?next= a guard put on the sign-in link.

/** An origin no real URL has, to resolve relative paths against. */
const base = 'http://app.invalid';

/**
 * next when it is a path of this app ("/conversas?x=1"), else null. Refuses
 * anything that could leave the app ("//evil.com", "/\evil.com",
 * "https://…", control characters browsers strip) and the sign-in and
 * sign-up pages themselves, which would send a signed-in user in circles.
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next?.startsWith('/') || next.startsWith('//') || next.includes('\\')) {
    return null;
  }
  for (let i = 0; i < next.length; i++) {
    const code = next.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) {
      return null;
    }
  }
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return null;
  }
  if (url.origin !== base || url.pathname === paths.signIn || url.pathname === paths.signUp) {
    return null;
  }
  return url.pathname + url.search + url.hash;
}

/** The sign-in page, asked to come back to location afterwards (plain /entrar for the home path). */
export function signInPathFor(location: { pathname: string; search: string; hash: string }): string {
  const here = location.pathname + location.search + location.hash;
  if (here === paths.home || safeNextPath(here) === null) {
    return paths.signIn;
  }
  return `${paths.signIn}?${new URLSearchParams({ next: here }).toString()}`;
}
