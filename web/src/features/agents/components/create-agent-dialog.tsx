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
import { useCreateAgent } from '../api/agents';
import { agentPath } from '../paths';
import { limits, newAgentSchema, type NewAgentValues } from '../schemas';

/** "Novo agente": a name; the server gives the rest, and the new agent's editor opens. */
export function CreateAgentDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateAgent();
  const form = useForm<NewAgentValues>({ resolver: zodResolver(newAgentSchema), defaultValues: { name: '' } });
  const { errors } = form.formState;

  function changeOpen(next: boolean) {
    if (create.isPending) return;
    if (!next) {
      form.reset();
      create.reset();
    }
    onOpenChange(next);
  }

  function submit(values: NewAgentValues) {
    create.mutate(values, {
      onSuccess: (agent) => {
        form.reset();
        create.reset();
        onOpenChange(false);
        void navigate(agentPath(agent.id));
      },
      onError: (err) => setServerFieldErrors(err, form.setError),
    });
  }

  return (
    <Dialog open={open} onOpenChange={changeOpen}>
      <DialogContent closeLabel={t('agents.close')}>
        <DialogHeader>
          <DialogTitle>{t('agents.create.title')}</DialogTitle>
          <DialogDescription>{t('agents.create.description')}</DialogDescription>
        </DialogHeader>
        <form noValidate className="grid gap-4" onSubmit={(event) => void form.handleSubmit(submit)(event)}>
          <FormField label={t('agents.create.name')} error={errors.name}>
            <Input autoComplete="off" maxLength={limits.name} placeholder={t('agents.create.placeholder')} {...form.register('name')} />
          </FormField>
          {create.error && !(create.error instanceof ApiError && create.error.fields) && (
            <ErrorAlert title={t('agents.create.failed')} message={explainError(create.error, t)} />
          )}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="outline" onClick={() => changeOpen(false)} disabled={create.isPending}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
              {t('agents.create.submit')}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
