import { i18n } from '@/i18n';
import type ptBR from '@/i18n/locales/pt-BR.json';

export type ValidationKey = keyof (typeof ptBR)['validation'];

/** A zod rule's message: a translation key, translated where it is shown, so it follows the language. */
export type ValidationMessage = `validation.${ValidationKey}`;

export function validationMessage(key: ValidationKey): ValidationMessage {
  return `validation.${key}`;
}

export function isValidationMessage(message: string): message is ValidationMessage {
  return message.startsWith('validation.') && i18n.exists(message);
}
