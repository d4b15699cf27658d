import { zodResolver } from '@hookform/resolvers/zod';
import { LoaderCircleIcon } from 'lucide-react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { explainError } from '@/features/organizations/error-message';
import { ApiError } from '@/lib/api';
import { setServerFieldErrors } from '@/lib/form-errors';
import { knowledgeBasePath } from '../paths';
import { useCreateKnowledgeBase } from '../api/knowledge';
import { knowledgeBaseSchema, type KnowledgeBaseValues } from '../schemas';

/** "Criar base": a name; the new base opens. */
export function CreateBaseDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateKnowledgeBase();
  const form = useForm<KnowledgeBaseValues>({ resolver: zodResolver(knowledgeBaseSchema), defaultValues: { name: '' } });
  const { errors } = form.formState;

  function changeOpen(next: boolean) {
    if (create.isPending) return;
    if (!next) {
      form.reset();
      create.reset();
    }
    onOpenChange(next);
  }

  function submit(values: KnowledgeBaseValues) {
    create.mutate(values, {
      onSuccess: (base) => {
        form.reset();
        create.reset();
        onOpenChange(false);
        void navigate(knowledgeBasePath(base.id));
      },
      onError: (err) => setServerFieldErrors(err, form.setError),
    });
  }

  return (
    <Dialog open={open} onOpenChange={changeOpen}>
      <DialogContent closeLabel={t('knowledge.close')}>
        <DialogHeader>
          <DialogTitle>{t('knowledge.create.title')}</DialogTitle>
          <DialogDescription>{t('knowledge.create.description')}</DialogDescription>
        </DialogHeader>
        <form noValidate className="grid gap-4" onSubmit={(event) => void form.handleSubmit(submit)(event)}>
          <FormField label={t('knowledge.create.name')} error={errors.name}>
            <Input autoComplete="off" {...form.register('name')} />
          </FormField>
          {create.error && !(create.error instanceof ApiError && create.error.fields) && (
            <ErrorAlert title={t('knowledge.create.failed')} message={explainError(create.error, t)} />
          )}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="outline" onClick={() => changeOpen(false)} disabled={create.isPending}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
              {t('knowledge.create.submit')}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
