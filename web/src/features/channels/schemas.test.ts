import { describe, expect, it } from 'vitest';
import { channel } from './testing/fixtures';
import { channelDefaults, channelInput, channelSchema, type ChannelValues } from './schemas';

const filled: ChannelValues = {
  name: ' Loja Centro ',
  phone_number_id: ' 106540352242922 ',
  waba_id: '',
  display_number: '',
  access_token: ' EAAGexemplo123 ',
  agent_id: 'agt_1',
  enabled: true,
  app_secret: '',
  verify_token: '',
};

/** The messages of a failed parse, by field. */
function errors(result: ReturnType<ReturnType<typeof channelSchema>['safeParse']>): Record<string, string> {
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

describe('channel schema', () => {
  it('trims, and makes the body of a new channel (the platform app: no secret nor verify token)', () => {
    const result = channelSchema().safeParse(filled);
    expect(result.success).toBe(true);
    expect(channelInput(result.data!)).toEqual({
      name: 'Loja Centro',
      phone_number_id: '106540352242922',
      waba_id: '',
      display_number: '',
      access_token: 'EAAGexemplo123',
      agent_id: 'agt_1',
      enabled: true,
    });
  });

  it('wants a name, the number ID in digits and, on creation, the token', () => {
    expect(errors(channelSchema().safeParse({ ...filled, name: ' ', phone_number_id: '', access_token: '' }))).toEqual({
      name: 'validation.channelName',
      phone_number_id: 'validation.channelPhoneNumberId',
      access_token: 'validation.channelAccessToken',
    });
    expect(errors(channelSchema().safeParse({ ...filled, phone_number_id: '+55 62 9999', waba_id: 'abc' }))).toEqual({
      phone_number_id: 'validation.channelDigits',
      waba_id: 'validation.channelDigits',
    });
    expect(errors(channelSchema().safeParse({ ...filled, access_token: 'EAAG com espaço' }))).toEqual({
      access_token: 'validation.channelSecretChars',
    });
    expect(errors(channelSchema().safeParse({ ...filled, phone_number_id: '1'.repeat(33) }))).toEqual({
      phone_number_id: 'validation.channelDigits',
    });
  });

  it('takes the own app\'s secret and verify token together or neither', () => {
    expect(errors(channelSchema().safeParse({ ...filled, app_secret: 'abc123secret' }))).toEqual({
      verify_token: 'validation.channelVerifyTokenToo',
    });
    expect(errors(channelSchema().safeParse({ ...filled, verify_token: 'meu-token' }))).toEqual({
      app_secret: 'validation.channelAppSecretToo',
    });
    const both = channelSchema().parse({ ...filled, app_secret: 'abc123secret', verify_token: 'meu-token' });
    expect(channelInput(both)).toMatchObject({ app_secret: 'abc123secret', verify_token: 'meu-token' });
  });

  it('on edit, an empty token keeps the saved one', () => {
    const saved = channel();
    const values = channelSchema({ editing: true }).parse({ ...channelDefaults(saved), name: 'Loja Sul' });
    const input = channelInput(values, saved);
    expect(input).not.toHaveProperty('access_token');
    expect(input).not.toHaveProperty('app_secret');
    expect(input).not.toHaveProperty('verify_token');
    expect(input.name).toBe('Loja Sul');
    expect(channelInput({ ...values, access_token: 'EAAGnovo' }, saved).access_token).toBe('EAAGnovo');
  });

  it('on edit of a channel on its own app: keeps the secret, changes the verify token, or goes back to the platform app', () => {
    const saved = channel({ own_app: true, verify_token: 'token-antigo', app_secret_hint: '…beef' });
    const schema = channelSchema({ editing: true, savedAppSecret: true });
    const defaults = channelDefaults(saved);
    expect(defaults.verify_token).toBe('token-antigo');
    expect(defaults.app_secret).toBe('');

    const unchanged = channelInput(schema.parse(defaults), saved);
    expect(unchanged).not.toHaveProperty('app_secret');
    expect(unchanged).not.toHaveProperty('verify_token');

    const newToken = channelInput(schema.parse({ ...defaults, verify_token: 'token-novo' }), saved);
    expect(newToken).not.toHaveProperty('app_secret');
    expect(newToken.verify_token).toBe('token-novo');

    const platform = channelInput(schema.parse({ ...defaults, verify_token: '' }), saved);
    expect(platform).toMatchObject({ app_secret: '', verify_token: '' });

    expect(errors(schema.safeParse({ ...defaults, verify_token: '', app_secret: 'novo-segredo' }))).toEqual({
      verify_token: 'validation.channelVerifyTokenToo',
    });
  });
});
