import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import { LoaderCircleIcon } from 'lucide-react';
import { useEffect } from 'react';
import { Controller, FormProvider, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import { knowledgeBasesQueryOptions } from '@/features/knowledge/api/knowledge';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { explainError } from '@/features/organizations/error-message';
import { ApiError } from '@/lib/api';
import { setServerFieldErrors } from '@/lib/form-errors';
import { type Agent, useUpdateAgent } from '../api/agents';
import { agentConfigSchema, limits, type AgentConfig, type AgentConfigInput } from '../schemas';
import { BusinessHoursEditor } from './business-hours-editor';
import { CheckboxField, errorOf, LinesTextarea, SectionCard } from './form-bits';
import { KnowledgeBasesPicker } from './knowledge-bases-picker';
import { ModelPicker } from './model-picker';
import { QualificationFieldsEditor } from './qualification-fields-editor';

/** The configuration of an agent (its id, version and times left out): the form's values. */
export function configOf(agent: Agent): AgentConfig {
  return {
    name: agent.name,
    enabled: agent.enabled,
    persona: agent.persona,
    tone: agent.tone,
    instructions: agent.instructions,
    company_facts: agent.company_facts,
    knowledge_base_ids: agent.knowledge_base_ids,
    provider: agent.provider,
    model: agent.model,
    temperature: agent.temperature,
    qualification_fields: agent.qualification_fields,
    handoff: agent.handoff,
    business_hours: agent.business_hours,
    greeting: agent.greeting,
    max_reply_chars: agent.max_reply_chars,
  };
}

interface AgentEditorProps {
  /** The agent as the form loaded it: its version is the one a save goes over. */
  agent: Agent;
  /** Admins edit; members read. */
  editable: boolean;
  onDirtyChange: (dirty: boolean) => void;
  /** Drops the unsaved changes and loads the agent as the server has it now (after a conflict). */
  onReload: () => void;
}

/**
 * The agent's configuration, section by section, checked as it is typed.
 * Saving makes a new version; leaving with unsaved changes asks first.
 */
export function AgentEditor({ agent, editable, onDirtyChange, onReload }: AgentEditorProps) {
  const { t } = useTranslation();
  const update = useUpdateAgent(agent.id);
  const bases = useQuery(knowledgeBasesQueryOptions);
  const form = useForm<AgentConfigInput, unknown, AgentConfig>({
    resolver: zodResolver(agentConfigSchema),
    mode: 'onChange',
    defaultValues: configOf(agent),
  });
  const { errors, isDirty, submitCount } = form.formState;
  const hasErrors = Object.keys(errors).length > 0;

  useEffect(() => onDirtyChange(isDirty), [isDirty, onDirtyChange]);

  // Leaving the page with unsaved changes asks: inside the app (the router's
  // blocker) and out of it (closing the tab, reloading).
  const blocker = useBlocker(({ currentLocation, nextLocation }) => isDirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!isDirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [isDirty]);

  function submit(values: AgentConfig) {
    // A base deleted since the agent chose it has no checkbox: it goes.
    const known = bases.data ? new Set(bases.data.map((b) => b.id)) : null;
    const config = known ? { ...values, knowledge_base_ids: values.knowledge_base_ids.filter((id) => known.has(id)) } : values;
    update.mutate(
      { version: agent.version, config },
      {
        onSuccess: (saved) => {
          toast({
            title: saved.version === agent.version ? t('agents.editor.unchanged') : t('agents.editor.saved', { version: saved.version }),
          });
          form.reset(configOf(saved));
        },
        onError: (err) => setServerFieldErrors(err, form.setError),
      },
    );
  }

  function discard() {
    update.reset();
    form.reset();
  }

  const { register } = form;
  const error = update.error;
  return (
    <FormProvider {...form}>
      <form noValidate className="grid gap-6" onSubmit={(event) => void form.handleSubmit(submit)(event)}>
        <fieldset disabled={!editable} className="grid min-w-0 gap-6">
          <SectionCard id="agent-general" title={t('agents.sections.general.title')} description={t('agents.sections.general.description')}>
            <FormField label={t('agents.form.name')} error={errors.name}>
              <Input autoComplete="off" maxLength={limits.name} {...register('name')} />
            </FormField>
            <CheckboxField label={t('agents.form.enabled')} hint={t('agents.form.enabledHint')} error={errors.enabled} {...register('enabled')} />
          </SectionCard>

          <SectionCard id="agent-persona" title={t('agents.sections.persona.title')} description={t('agents.sections.persona.description')}>
            <FormField label={t('agents.form.persona')} error={errors.persona} hint={t('agents.form.personaHint')}>
              <Textarea rows={5} maxLength={limits.persona} {...register('persona')} />
            </FormField>
            <FormField label={t('agents.form.tone')} error={errors.tone}>
              <Input autoComplete="off" maxLength={limits.tone} placeholder={t('agents.form.tonePlaceholder')} {...register('tone')} />
            </FormField>
          </SectionCard>

          <SectionCard
            id="agent-instructions"
            title={t('agents.sections.instructions.title')}
            description={t('agents.sections.instructions.description')}
          >
            <FormField label={t('agents.form.instructions')} error={errors.instructions}>
              <Textarea rows={8} maxLength={limits.instructions} {...register('instructions')} />
            </FormField>
          </SectionCard>

          <SectionCard id="agent-facts" title={t('agents.sections.facts.title')} description={t('agents.sections.facts.description')}>
            <FormField label={t('agents.form.companyFacts')} error={errors.company_facts}>
              <Textarea
                rows={6}
                maxLength={limits.companyFacts}
                placeholder={t('agents.form.companyFactsPlaceholder')}
                {...register('company_facts')}
              />
            </FormField>
          </SectionCard>

          <SectionCard id="agent-knowledge" title={t('agents.sections.knowledge.title')} description={t('agents.sections.knowledge.description')}>
            <KnowledgeBasesPicker />
          </SectionCard>

          <SectionCard id="agent-model" title={t('agents.sections.model.title')} description={t('agents.sections.model.description')}>
            <ModelPicker editable={editable} />
            <FormField
              label={t('agents.form.temperature')}
              error={errors.temperature}
              hint={t('agents.form.temperatureHint')}
              className="sm:max-w-[calc(50%-0.5rem)]"
            >
              <Input type="number" inputMode="decimal" step={0.1} min={0} max={limits.temperature} {...register('temperature', { valueAsNumber: true })} />
            </FormField>
          </SectionCard>

          <SectionCard id="agent-fields" title={t('agents.sections.fields.title')} description={t('agents.sections.fields.description')}>
            <QualificationFieldsEditor editable={editable} />
          </SectionCard>

          <SectionCard id="agent-handoff" title={t('agents.sections.handoff.title')} description={t('agents.sections.handoff.description')}>
            <CheckboxField label={t('agents.form.onRequest')} error={errors.handoff?.on_request} {...register('handoff.on_request')} />
            <CheckboxField
              label={t('agents.form.whenQualified')}
              error={errors.handoff?.when_qualified}
              {...register('handoff.when_qualified')}
            />
            <FormField label={t('agents.form.afterUnanswered')} error={errors.handoff?.after_unanswered} hint={t('agents.form.afterUnansweredHint')}>
              <Input
                type="number"
                inputMode="numeric"
                className="sm:w-32"
                min={0}
                max={limits.unanswered}
                {...register('handoff.after_unanswered', { valueAsNumber: true })}
              />
            </FormField>
            <FormField
              label={t('agents.form.keywords')}
              error={errorOf(errors.handoff?.keywords, true)}
              hint={t('agents.form.keywordsHint')}
            >
              <Controller
                control={form.control}
                name="handoff.keywords"
                render={({ field }) => (
                  <LinesTextarea rows={3} value={field.value} onChange={field.onChange} onBlur={field.onBlur} ref={field.ref} name={field.name} />
                )}
              />
            </FormField>
          </SectionCard>

          <SectionCard id="agent-hours" title={t('agents.sections.hours.title')} description={t('agents.sections.hours.description')}>
            <BusinessHoursEditor editable={editable} />
          </SectionCard>

          <SectionCard id="agent-greeting" title={t('agents.sections.greeting.title')} description={t('agents.sections.greeting.description')}>
            <FormField label={t('agents.form.greeting')} error={errors.greeting}>
              <Textarea rows={3} maxLength={limits.greeting} {...register('greeting')} />
            </FormField>
          </SectionCard>

          <SectionCard id="agent-reply" title={t('agents.sections.reply.title')} description={t('agents.sections.reply.description')}>
            <FormField label={t('agents.form.maxReplyChars')} error={errors.max_reply_chars} hint={t('agents.form.maxReplyCharsHint')}>
              <Input
                type="number"
                inputMode="numeric"
                className="sm:w-40"
                min={limits.minReplyChars}
                max={limits.maxReplyChars}
                {...register('max_reply_chars', { valueAsNumber: true })}
              />
            </FormField>
          </SectionCard>
        </fieldset>

        {editable && (
          <div className="sticky bottom-0 z-10 -mx-4 grid gap-3 border-t bg-background/95 px-4 py-3 backdrop-blur md:-mx-8 md:px-8">
            {error && !(error instanceof ApiError && error.fields) && (
              <ErrorAlert
                title={t('agents.editor.saveFailed')}
                message={explainError(error, t)}
                action={
                  error instanceof ApiError && error.code === 'conflict' ? (
                    <Button
                      variant="outline"
                      size="sm"
                      onClick={() => {
                        discard();
                        onReload();
                      }}
                    >
                      {t('agents.editor.reload')}
                    </Button>
                  ) : undefined
                }
              />
            )}
            <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
              <p role="status" className={hasErrors && submitCount > 0 ? 'text-sm text-destructive' : 'text-sm text-muted-foreground'}>
                {hasErrors && submitCount > 0 ? t('agents.editor.invalid') : isDirty ? t('agents.editor.unsaved') : t('agents.editor.clean')}
              </p>
              <div className="flex flex-col-reverse gap-2 sm:flex-row">
                <Button variant="outline" onClick={discard} disabled={!isDirty || update.isPending}>
                  {t('agents.editor.discard')}
                </Button>
                <Button type="submit" disabled={!isDirty || update.isPending}>
                  {update.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
                  {t('agents.editor.save')}
                </Button>
              </div>
            </div>
          </div>
        )}
      </form>
      <ConfirmDialog
        open={blocker.state === 'blocked'}
        onOpenChange={(open) => {
          if (!open && blocker.state === 'blocked') blocker.reset();
        }}
        title={t('agents.editor.leave.title')}
        description={t('agents.editor.leave.body')}
        confirmLabel={t('agents.editor.leave.confirm')}
        onConfirm={() => blocker.proceed?.()}
      />
    </FormProvider>
  );
}
