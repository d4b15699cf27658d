// Small pieces of the agent editor: a section card, a checkbox with its
// label and message, a list edited one item per line, and reading the error
// of a nested field.
import { useId, type ComponentProps, type ReactNode } from 'react';
import type { FieldError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Textarea } from '@/components/ui/textarea';
import { cn } from '@/lib/utils';
import { isValidationMessage } from '@/lib/validation';

/**
 * One part of the editor: a titled card. Not a named region: a section of one
 * field would name it twice (its title and the field's label).
 */
export function SectionCard({ id, title, description, children }: { id: string; title: string; description: string; children: ReactNode }) {
  return (
    <Card id={id}>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">{children}</CardContent>
    </Card>
  );
}

/**
 * The error a field shows: its own message, or for a list (a day's hours, an
 * enum's options) the list's own ("root") message, else its first item's
 * when deep is true.
 */
export function errorOf(error: unknown, deep = false): FieldError | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { message?: unknown; root?: unknown };
  if (typeof e.message === 'string' && e.message !== '') return error as FieldError;
  if (e.root) return errorOf(e.root);
  if (deep && Array.isArray(error)) {
    for (const item of error) {
      const found = errorOf(item);
      if (found) return found;
    }
  }
  return undefined;
}

/** A message as FormField shows it: a validation key translated, the server's as it is. */
function useMessage(error: FieldError | undefined): string | undefined {
  const { t } = useTranslation();
  const message = error?.message;
  if (!message) return undefined;
  return isValidationMessage(message) ? t(message) : message;
}

/** An error that belongs to no one input (a list's, a day's): its message, or nothing. */
export function FieldMessage({ error }: { error: FieldError | undefined }) {
  const message = useMessage(error);
  return message ? <p className="text-sm text-destructive">{message}</p> : null;
}

interface CheckboxFieldProps extends Omit<ComponentProps<'input'>, 'type'> {
  label: string;
  hint?: string;
  error?: FieldError | undefined;
}

/** A checkbox, its label beside it, and its hint or error under it. */
export function CheckboxField({ label, hint, error, className, ...props }: CheckboxFieldProps) {
  const id = useId();
  const errorText = useMessage(error);
  const message = errorText ?? hint;
  return (
    <div className={cn('grid gap-1', className)}>
      <div className="flex items-start gap-3">
        <input
          id={id}
          type="checkbox"
          className="mt-0.5 size-4 shrink-0 accent-primary disabled:cursor-not-allowed"
          aria-invalid={error ? true : undefined}
          aria-describedby={message ? `${id}-message` : undefined}
          {...props}
        />
        <label htmlFor={id} className="text-sm leading-tight font-medium">
          {label}
        </label>
      </div>
      {message && (
        <p id={`${id}-message`} className={cn('pl-7 text-sm', errorText ? 'text-destructive' : 'text-muted-foreground')}>
          {message}
        </p>
      )}
    </div>
  );
}

interface LinesTextareaProps extends Omit<ComponentProps<'textarea'>, 'value' | 'onChange'> {
  value: string[];
  onChange: (value: string[]) => void;
}

/** A list edited as text, one item per line (blank lines are dropped by the server). */
export function LinesTextarea({ value, onChange, ...props }: LinesTextareaProps) {
  return <Textarea value={value.join('\n')} onChange={(event) => onChange(event.target.value.split('\n'))} {...props} />;
}
