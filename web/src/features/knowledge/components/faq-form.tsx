import { zodResolver } from '@hookform/resolvers/zod';
import { LoaderCircleIcon } from 'lucide-react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { explainError } from '@/features/organizations/error-message';
import { ApiError } from '@/lib/api';
import { setServerFieldErrors } from '@/lib/form-errors';
import { useAddFaq } from '../api/knowledge';
import { faqSchema, type FaqValues } from '../schemas';

/** "Pergunta frequente": a question and its answer, indexed as one source. */
export function FaqForm({ baseId }: { baseId: string }) {
  const { t } = useTranslation();
  const addFaq = useAddFaq(baseId);
  const form = useForm<FaqValues>({ resolver: zodResolver(faqSchema), defaultValues: { question: '', answer: '' } });
  const { errors } = form.formState;

  function submit(values: FaqValues) {
    addFaq.mutate(values, {
      onSuccess: () => {
        toast({ title: t('knowledge.faq.added') });
        form.reset();
      },
      onError: (err) => setServerFieldErrors(err, form.setError),
    });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t('knowledge.faq.title')}</CardTitle>
        <CardDescription>{t('knowledge.faq.description')}</CardDescription>
      </CardHeader>
      <CardContent>
        <form noValidate className="grid gap-4" onSubmit={(event) => void form.handleSubmit(submit)(event)}>
          <FormField label={t('knowledge.faq.question')} error={errors.question}>
            <Input autoComplete="off" {...form.register('question')} />
          </FormField>
          <FormField label={t('knowledge.faq.answer')} error={errors.answer}>
            <textarea
              rows={3}
              className="min-h-20 w-full rounded-md border border-input bg-background px-3 py-2 text-sm outline-none focus-visible:ring-2 focus-visible:ring-ring"
              {...form.register('answer')}
            />
          </FormField>
          {addFaq.error && !(addFaq.error instanceof ApiError && addFaq.error.fields) && (
            <ErrorAlert title={t('knowledge.faq.failed')} message={explainError(addFaq.error, t)} />
          )}
          <div className="flex justify-end">
            <Button type="submit" disabled={addFaq.isPending}>
              {addFaq.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
              {t('knowledge.faq.submit')}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
