import { zodResolver } from '@hookform/resolvers/zod';
import type { UseMutationResult } from '@tanstack/react-query';
import { LoaderCircleIcon } from 'lucide-react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { ApiError } from '@/lib/api';
import { setServerFieldErrors } from '@/lib/form-errors';

interface NameValues {
  name: string;
}

/** The words of a NameDialog, already translated. */
export interface NameDialogText {
  title: string;
  description: string;
  name: string;
  submit: string;
  cancel: string;
  close: string;
  failed: string;
  placeholder?: string;
}

interface NameDialogProps<T> {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Creates the thing from its name. */
  mutation: UseMutationResult<T, Error, NameValues>;
  schema: z.ZodType<NameValues, NameValues>;
  text: NameDialogText;
  /** Runs with what the mutation returned, once the dialog has closed. */
  onCreated: (created: T) => void;
  /** An error the server did not tie to the name field, in words. */
  explain: (error: unknown) => string;
  maxLength?: number;
  autoComplete?: string;
}

/**
 * A dialog that creates something from a name alone ("Criar base", "Novo
 * agente", "Criar organização"): validates as you type, shows the server's
 * field error on the field and any other error above the buttons, and
 * cannot be closed while the request runs.
 */
export function NameDialog<T>({ open, onOpenChange, mutation, schema, text, onCreated, explain, maxLength, autoComplete = 'off' }: NameDialogProps<T>) {
  const form = useForm<NameValues>({ resolver: zodResolver(schema), defaultValues: { name: '' } });
  const { errors } = form.formState;

  function changeOpen(next: boolean) {
    if (mutation.isPending) return;
    if (!next) {
      form.reset();
      mutation.reset();
    }
    onOpenChange(next);
  }

  function submit(values: NameValues) {
    mutation.mutate(values, {
      onSuccess: (created) => {
        form.reset();
        mutation.reset();
        onOpenChange(false);
        onCreated(created);
      },
      onError: (err) => setServerFieldErrors(err, form.setError),
    });
  }

  const error = mutation.error;
  return (
    <Dialog open={open} onOpenChange={changeOpen}>
      <DialogContent closeLabel={text.close}>
        <DialogHeader>
          <DialogTitle>{text.title}</DialogTitle>
          <DialogDescription>{text.description}</DialogDescription>
        </DialogHeader>
        <form noValidate className="grid gap-4" onSubmit={(event) => void form.handleSubmit(submit)(event)}>
          <FormField label={text.name} error={errors.name}>
            <Input autoComplete={autoComplete} maxLength={maxLength} placeholder={text.placeholder} {...form.register('name')} />
          </FormField>
          {error && !(error instanceof ApiError && error.fields) && <ErrorAlert title={text.failed} message={explain(error)} />}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="outline" onClick={() => changeOpen(false)} disabled={mutation.isPending}>
              {text.cancel}
            </Button>
            <Button type="submit" disabled={mutation.isPending}>
              {mutation.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
              {text.submit}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
