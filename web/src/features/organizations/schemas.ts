// One zod schema per form of organizations, members and invitations. Field
// names are the API's, so the server's per-field errors land on the right
// inputs. Messages are translation keys (see src/lib/validation.ts).
import { z } from 'zod';
import { fieldRules } from '@/features/auth/schemas';
import { validationMessage } from '@/lib/validation';
import { roles } from './roles';

const requiredText = z
  .string()
  .trim()
  .min(1, { error: validationMessage('required') });

/** An organization's name: the server allows up to 100 characters. */
export const maxOrganizationName = 100;

/** The form and the body of PATCH /api/v1/organization. */
export const organizationSchema = z.object({
  name: requiredText,
  time_zone: requiredText,
});
export type OrganizationValues = z.infer<typeof organizationSchema>;

/** The form and the body of POST /api/v1/organizations. */
export const createOrganizationSchema = z.object({ name: requiredText });
export type CreateOrganizationValues = z.infer<typeof createOrganizationSchema>;

/** The form and the body of POST /api/v1/invitations. */
export const inviteSchema = z.object({
  email: fieldRules.email,
  role: z.enum(roles),
});
export type InviteValues = z.infer<typeof inviteSchema>;

/** The form of the invitation page for a new account; the body of accept-new adds the link's token. */
export const acceptInvitationSchema = z.object({
  name: requiredText,
  password: fieldRules.newPassword,
});
export type AcceptInvitationValues = z.infer<typeof acceptInvitationSchema>;
