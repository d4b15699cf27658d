// One zod schema per auth form. Field names are the API's (snake_case), so
// the server's per-field errors land on the right inputs. Messages are
// translation keys (see src/lib/validation.ts).
import { z } from 'zod';
import { validationMessage } from '@/lib/validation';

// The server's rules for a new password; it also refuses very common ones.
const minPasswordLength = 8;
const maxPasswordLength = 128;

const email = z
  .string()
  .trim()
  .min(1, { error: validationMessage('required') })
  .pipe(z.email({ error: validationMessage('email') }));

const requiredText = z
  .string()
  .trim()
  .min(1, { error: validationMessage('required') });

/** A password being chosen; a password being typed to sign in only has to be there. */
const newPassword = z
  .string()
  .min(minPasswordLength, { error: validationMessage('passwordMin') })
  .max(maxPasswordLength, { error: validationMessage('passwordMax') });

/** The form and the body of POST /api/v1/auth/login. */
export const signInSchema = z.object({
  email,
  password: z.string().min(1, { error: validationMessage('required') }),
});
export type SignInValues = z.infer<typeof signInSchema>;

/** The form and the body of POST /api/v1/auth/signup. */
export const signUpSchema = z.object({
  name: requiredText,
  organization: requiredText,
  email,
  password: newPassword,
});
export type SignUpValues = z.infer<typeof signUpSchema>;

/** The form and the body of POST /api/v1/auth/password-reset. */
export const forgotPasswordSchema = z.object({ email });
export type ForgotPasswordValues = z.infer<typeof forgotPasswordSchema>;

/** The form of /redefinir-senha; the body of POST /api/v1/auth/password-reset/confirm adds the link's token. */
export const resetPasswordSchema = z.object({ password: newPassword });
export type ResetPasswordValues = z.infer<typeof resetPasswordSchema>;

/** The rules other features' forms share: an e-mail address, a password being chosen, a password being typed. */
export const fieldRules = {
  email,
  newPassword,
  password: z.string().min(1, { error: validationMessage('required') }),
};
