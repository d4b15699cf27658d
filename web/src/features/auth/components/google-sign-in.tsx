import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { apiUrl } from '@/lib/api';
import { providersQueryOptions } from '../api/providers';
import { FormAlert } from './form-alert';

/**
 * "Entrar com Google", when the server has it: a plain link, since the
 * browser itself goes to Google and back (the server then sets the session
 * cookies and sends it to next). Nothing shows while the providers load or
 * when they could not be loaded: the e-mail form is there either way.
 */
export function GoogleSignIn({ next }: { next: string }) {
  const { t } = useTranslation();
  const { data } = useQuery(providersQueryOptions);
  if (!data?.google) {
    return null;
  }
  const href = apiUrl(`/api/v1/auth/google/login?${new URLSearchParams({ next }).toString()}`);
  return (
    <div className="mb-6 grid gap-6">
      <Button asChild variant="outline" className="w-full">
        <a href={href}>
          <GoogleLogo />
          {t('google.signIn')}
        </a>
      </Button>
      <div className="flex items-center gap-3 text-xs text-muted-foreground" aria-hidden="true">
        <span className="h-px flex-1 bg-border" />
        {t('google.or')}
        <span className="h-px flex-1 bg-border" />
      </div>
    </div>
  );
}

/** The reasons the server gives in /entrar?erro=… when a sign-in with Google did not finish. */
const googleErrors = ['google_cancelled', 'google_state', 'google_failed', 'google_email_unverified'] as const;
type GoogleErrorReason = (typeof googleErrors)[number];

function isGoogleError(value: string): value is GoogleErrorReason {
  return (googleErrors as readonly string[]).includes(value);
}

/** Why the sign-in with Google the user just came back from did not work (any unknown reason reads as a failure). */
export function GoogleSignInError({ reason }: { reason: string | null }) {
  const { t } = useTranslation();
  if (!reason) {
    return null;
  }
  const known = isGoogleError(reason) ? reason : 'google_failed';
  return (
    <div className="mb-6">
      <FormAlert title={t('google.failedTitle')} message={t(`google.errors.${known}`)} />
    </div>
  );
}

/** The "G" of Google's sign-in buttons, in its four colours. */
function GoogleLogo() {
  return (
    <svg viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <path
        fill="#EA4335"
        d="M24 9.5c3.54 0 6.71 1.22 9.21 3.6l6.85-6.85C35.9 2.38 30.47 0 24 0 14.62 0 6.51 5.38 2.56 13.22l7.98 6.19C12.43 13.72 17.74 9.5 24 9.5z"
      />
      <path
        fill="#4285F4"
        d="M46.98 24.55c0-1.57-.15-3.09-.38-4.55H24v9.02h12.94c-.58 2.96-2.26 5.48-4.78 7.18l7.73 6c4.51-4.18 7.09-10.36 7.09-17.65z"
      />
      <path
        fill="#FBBC05"
        d="M10.53 28.59c-.48-1.45-.76-2.99-.76-4.59s.27-3.14.76-4.59l-7.98-6.19C.92 16.46 0 20.12 0 24c0 3.88.92 7.54 2.56 10.78l7.97-6.19z"
      />
      <path
        fill="#34A853"
        d="M24 48c6.48 0 11.93-2.13 15.89-5.81l-7.73-6c-2.15 1.45-4.92 2.3-8.16 2.3-6.26 0-11.57-4.22-13.47-9.91l-7.98 6.19C6.51 42.62 14.62 48 24 48z"
      />
    </svg>
  );
}
