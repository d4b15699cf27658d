import { Slot } from 'radix-ui';
import { useId, type ReactNode } from 'react';
import type { FieldError } from 'react-hook-form';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { cn } from '@/lib/utils';
import { isValidationMessage } from '@/lib/validation';
import { Label } from './label';

interface FormFieldProps {
  label: string;
  /** The field's error from react-hook-form. */
  error?: FieldError | undefined;
  /** Help shown under the control while there is no error. */
  hint?: string;
  className?: string;
  /** The control (e.g. <Input {...register('email')} />); it gets the id and ARIA attributes. */
  children: ReactNode;
}

/** A label, one control, and its hint or error message, wired for screen readers. */
export function FormField({ label, error, hint, className, children }: FormFieldProps) {
  const id = useId();
  const { t } = useTranslation();
  const messageId = `${id}-message`;
  const errorText = error ? errorMessage(error, t) : undefined;
  const message = errorText ?? hint;
  return (
    <div className={cn('grid gap-2', className)}>
      <Label htmlFor={id}>{label}</Label>
      <Slot.Root id={id} aria-invalid={error ? true : undefined} aria-describedby={message ? messageId : undefined}>
        {children}
      </Slot.Root>
      {message && (
        <p id={messageId} className={cn('text-sm', errorText ? 'text-destructive' : 'text-muted-foreground')}>
          {message}
        </p>
      )}
    </div>
  );
}

// TFunction, not ReturnType<typeof useTranslation>['t']: comparing the two
// makes TypeScript expand every key of the locale, too deep for its size.
type Translate = TFunction;

/**
 * Messages of the zod schemas are translation keys; any other message (one
 * the server sent for the field) is shown as it is.
 */
function errorMessage(error: FieldError, t: Translate): string | undefined {
  const message = error.message;
  if (!message) {
    return undefined;
  }
  return isValidationMessage(message) ? t(message) : message;
}
