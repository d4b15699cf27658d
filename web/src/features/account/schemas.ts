// One zod schema per account form, serving the form and the request's body.
// Field names are the API's, so the server's field errors land on them.
import { z } from 'zod';
import { fieldRules } from '@/features/auth/schemas';

/** The form and the body of POST /api/v1/account/password. */
export const changePasswordSchema = z.object({
  current_password: fieldRules.password,
  new_password: fieldRules.newPassword,
  end_other_sessions: z.boolean(),
});
export type ChangePasswordValues = z.infer<typeof changePasswordSchema>;

/**
 * The form of a first password (a user who has only signed in with Google):
 * the same body, with no current password to give.
 */
export const setPasswordSchema = changePasswordSchema.extend({ current_password: z.literal('') });

/** The form and the body of POST /api/v1/account/email. */
export const changeEmailSchema = z.object({
  new_email: fieldRules.email,
  password: fieldRules.password,
});
export type ChangeEmailValues = z.infer<typeof changeEmailSchema>;
