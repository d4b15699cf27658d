// The form of a WhatsApp channel ("Adicionar número" and its edit), and the
// body of POST /api/v1/channels and PATCH /api/v1/channels/{id}. Field names
// are the API's, so the server's per-field errors land on the same inputs.
import { z } from 'zod';
import { validationMessage } from '@/lib/validation';
import type { Channel, ChannelInput } from './api/channels';

/** The server's limits (internal/whatsapp). */
export const limits = { name: 80, id: 32, displayNumber: 32, secret: 1024 } as const;

const digits = /^\d+$/;
/** What the server takes in a token or secret: printable ASCII, no spaces. */
const secretChars = /^[\x21-\x7e]*$/;

const secret = z
  .string()
  .trim()
  .max(limits.secret, { error: validationMessage('tooLong') })
  .refine((value) => secretChars.test(value), { error: validationMessage('channelSecretChars') });

export interface ChannelSchemaOptions {
  /** Editing a saved channel: an empty access token keeps the saved one. */
  editing?: boolean;
  /** The channel already has its own app's secret: an empty one keeps it. */
  savedAppSecret?: boolean;
}

/** The channel form's schema: the access token is required on creation only; the own app's secret and verify token go together. */
export function channelSchema({ editing = false, savedAppSecret = false }: ChannelSchemaOptions = {}) {
  return z
    .object({
      name: z
        .string()
        .trim()
        .min(1, { error: validationMessage('channelName') })
        .max(limits.name, { error: validationMessage('tooLong') }),
      phone_number_id: z
        .string()
        .trim()
        .min(1, { error: validationMessage('channelPhoneNumberId') })
        .max(limits.id, { error: validationMessage('channelDigits') })
        .refine((value) => value === '' || digits.test(value), { error: validationMessage('channelDigits') }),
      waba_id: z
        .string()
        .trim()
        .max(limits.id, { error: validationMessage('channelDigits') })
        .refine((value) => value === '' || digits.test(value), { error: validationMessage('channelDigits') }),
      display_number: z
        .string()
        .trim()
        .max(limits.displayNumber, { error: validationMessage('tooLong') }),
      access_token: editing ? secret : secret.refine((value) => value !== '', { error: validationMessage('channelAccessToken') }),
      agent_id: z.string(),
      enabled: z.boolean(),
      app_secret: secret,
      verify_token: secret,
    })
    .superRefine((values, ctx) => {
      if (values.app_secret !== '' && values.verify_token === '') {
        ctx.addIssue({ code: 'custom', path: ['verify_token'], message: validationMessage('channelVerifyTokenToo') });
      }
      if (values.app_secret === '' && values.verify_token !== '' && !savedAppSecret) {
        ctx.addIssue({ code: 'custom', path: ['app_secret'], message: validationMessage('channelAppSecretToo') });
      }
    });
}

export type ChannelValues = z.infer<ReturnType<typeof channelSchema>>;

/** The form's starting values: empty for a new channel; a saved one's, secrets left empty (they are never sent back). */
export function channelDefaults(channel?: Channel): ChannelValues {
  return {
    name: channel?.name ?? '',
    phone_number_id: channel?.phone_number_id ?? '',
    waba_id: channel?.waba_id ?? '',
    display_number: channel?.display_number ?? '',
    access_token: '',
    agent_id: channel?.agent_id ?? '',
    enabled: channel?.enabled ?? true,
    app_secret: '',
    verify_token: channel?.own_app ? (channel.verify_token ?? '') : '',
  };
}

/**
 * The request body of the checked values: for a new channel (channel
 * undefined) or a change to channel. An empty access token or app secret
 * keeps the saved one; a channel on its own app whose verify token is
 * emptied (and no new secret typed) goes back to the platform's app.
 */
export function channelInput(values: ChannelValues, channel?: Channel): ChannelInput {
  const input: ChannelInput = {
    name: values.name,
    phone_number_id: values.phone_number_id,
    waba_id: values.waba_id,
    display_number: values.display_number,
    agent_id: values.agent_id,
    enabled: values.enabled,
  };
  if (values.access_token !== '') input.access_token = values.access_token;
  if (values.app_secret !== '') {
    input.app_secret = values.app_secret;
    input.verify_token = values.verify_token;
  } else if (channel?.own_app) {
    if (values.verify_token === '') {
      input.app_secret = '';
      input.verify_token = '';
    } else if (values.verify_token !== channel.verify_token) {
      input.verify_token = values.verify_token;
    }
  }
  return input;
}
