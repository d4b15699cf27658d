import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import { LoaderCircleIcon } from 'lucide-react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { agentsQueryOptions } from '@/features/agents/api/agents';
import { CheckboxField } from '@/features/agents/components/form-bits';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { explainError } from '@/features/organizations/error-message';
import { ApiError } from '@/lib/api';
import { setServerFieldErrors } from '@/lib/form-errors';
import { type Channel, useCreateChannel, useUpdateChannel } from '../api/channels';
import { channelDefaults, channelInput, channelSchema, limits, type ChannelValues } from '../schemas';

const ownAppFields: ReadonlySet<string> = new Set(['app_secret', 'verify_token']);

/** Props of a password-like input: never filled in by the browser or a password manager. */
const secretInput = {
  type: 'password',
  autoComplete: 'off',
  spellCheck: false,
  maxLength: limits.secret,
  'data-1p-ignore': true,
  'data-lpignore': 'true',
} as const;

/**
 * "Adicionar número" (no channel) or the edit of a channel. Mounted while
 * open, so it starts from the channel as it is now. focusToken opens it on
 * the access token ("Trocar token").
 */
export function ChannelFormDialog({
  channel,
  focusToken = false,
  onOpenChange,
  onSaved,
}: {
  channel?: Channel;
  focusToken?: boolean;
  onOpenChange: (open: boolean) => void;
  onSaved?: (channel: Channel) => void;
}) {
  const { t } = useTranslation();
  const editing = channel !== undefined;
  const create = useCreateChannel();
  const update = useUpdateChannel(channel?.id ?? '');
  const save = editing ? update : create;
  const agents = useQuery(agentsQueryOptions);
  const [ownAppOpen, setOwnAppOpen] = useState(channel?.own_app ?? false);
  const form = useForm<ChannelValues>({
    resolver: zodResolver(channelSchema({ editing, savedAppSecret: channel?.own_app ?? false })),
    defaultValues: channelDefaults(channel),
  });
  const { errors } = form.formState;

  function changeOpen(next: boolean) {
    if (save.isPending) return;
    onOpenChange(next);
  }

  function submit(values: ChannelValues) {
    save.mutate(channelInput(values, channel), {
      onSuccess: (saved) => {
        toast({ title: editing ? t('channels.form.saved') : t('channels.form.created') });
        onSaved?.(saved);
        onOpenChange(false);
      },
      onError: (err) => {
        if (err instanceof ApiError && err.fields && Object.keys(err.fields).some((name) => ownAppFields.has(name))) {
          setOwnAppOpen(true);
        }
        setServerFieldErrors(err, form.setError);
      },
    });
  }

  // The agent saved may be gone from the list (deleted): it stays a choice, by its id.
  const agentList = agents.data ?? [];
  const savedAgentMissing = channel?.agent_id && agents.isSuccess && !agentList.some((agent) => agent.id === channel.agent_id);

  return (
    <Dialog open onOpenChange={changeOpen}>
      <DialogContent
        closeLabel={t('channels.close')}
        className="max-h-[calc(100dvh-2rem)] max-w-xl overflow-y-auto"
        onOpenAutoFocus={(event) => {
          if (focusToken) {
            event.preventDefault();
            form.setFocus('access_token');
          }
        }}
      >
        <DialogHeader>
          <DialogTitle>{editing ? t('channels.form.editTitle', { name: channel.name }) : t('channels.form.addTitle')}</DialogTitle>
          <DialogDescription>{editing ? t('channels.form.editDescription') : t('channels.form.addDescription')}</DialogDescription>
        </DialogHeader>
        <form
          noValidate
          className="grid gap-4"
          onSubmit={(event) =>
            void form.handleSubmit(submit, (invalid) => {
              if (invalid.app_secret || invalid.verify_token) setOwnAppOpen(true);
            })(event)
          }
        >
          <FormField label={t('channels.form.name')} error={errors.name} hint={t('channels.form.nameHint')}>
            <Input autoComplete="off" maxLength={limits.name} {...form.register('name')} />
          </FormField>
          <FormField label={t('channels.form.phoneNumberId')} error={errors.phone_number_id} hint={t('channels.form.phoneNumberIdHint')}>
            <Input inputMode="numeric" autoComplete="off" spellCheck={false} maxLength={limits.id} {...form.register('phone_number_id')} />
          </FormField>
          <FormField
            label={editing ? t('channels.form.newAccessToken') : t('channels.form.accessToken')}
            error={errors.access_token}
            hint={
              editing
                ? `${t('channels.form.keepAccessTokenHint', { hint: channel.token_hint })} ${t('channels.form.accessTokenHint')}`
                : t('channels.form.accessTokenHint')
            }
          >
            <Input {...secretInput} {...form.register('access_token')} />
          </FormField>
          <FormField label={t('channels.form.wabaId')} error={errors.waba_id} hint={t('channels.form.wabaIdHint')}>
            <Input inputMode="numeric" autoComplete="off" spellCheck={false} maxLength={limits.id} {...form.register('waba_id')} />
          </FormField>
          <FormField label={t('channels.form.displayNumber')} error={errors.display_number} hint={t('channels.form.displayNumberHint')}>
            <Input
              type="tel"
              autoComplete="off"
              maxLength={limits.displayNumber}
              placeholder="+55 62 99999-0000"
              {...form.register('display_number')}
            />
          </FormField>
          <FormField
            label={t('channels.form.agent')}
            error={errors.agent_id}
            hint={agents.isError ? t('channels.form.agentsFailed') : t('channels.form.agentHint')}
          >
            {agents.isPending ? (
              // The select comes with its options, so it shows the saved agent.
              <Skeleton className="h-10 w-full" />
            ) : (
              <NativeSelect {...form.register('agent_id')}>
                <option value="">{t('channels.form.noAgent')}</option>
                {agentList.map((agent) => (
                  <option key={agent.id} value={agent.id}>
                    {agent.name}
                  </option>
                ))}
                {savedAgentMissing && <option value={channel.agent_id}>{t('channels.card.unknownAgent')}</option>}
              </NativeSelect>
            )}
          </FormField>
          <CheckboxField
            label={t('channels.form.enabled')}
            hint={t('channels.form.enabledHint')}
            error={errors.enabled}
            {...form.register('enabled')}
          />
          <details
            open={ownAppOpen}
            onToggle={(event) => setOwnAppOpen(event.currentTarget.open)}
            className="rounded-md border p-3 [&[open]>summary]:mb-3"
          >
            <summary className="cursor-pointer text-sm font-medium">{t('channels.form.ownApp')}</summary>
            <div className="grid gap-4">
              <p className="text-sm text-muted-foreground">{t('channels.form.ownAppBody')}</p>
              <FormField
                label={t('channels.form.appSecret')}
                error={errors.app_secret}
                hint={
                  channel?.own_app && channel.app_secret_hint
                    ? `${t('channels.form.keepAppSecretHint', { hint: channel.app_secret_hint })} ${t('channels.form.appSecretHint')}`
                    : t('channels.form.appSecretHint')
                }
              >
                <Input {...secretInput} {...form.register('app_secret')} />
              </FormField>
              <FormField
                label={t('channels.form.verifyToken')}
                error={errors.verify_token}
                hint={
                  channel?.own_app
                    ? `${t('channels.form.verifyTokenHint')} ${t('channels.form.platformAppHint')}`
                    : t('channels.form.verifyTokenHint')
                }
              >
                <Input autoComplete="off" spellCheck={false} maxLength={limits.secret} {...form.register('verify_token')} />
              </FormField>
            </div>
          </details>
          {save.error && !(save.error instanceof ApiError && save.error.fields) && (
            <ErrorAlert title={t('channels.form.saveFailed')} message={explainError(save.error, t)} />
          )}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button type="button" variant="outline" onClick={() => changeOpen(false)} disabled={save.isPending}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" disabled={save.isPending}>
              {save.isPending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
              {editing ? t('channels.form.save') : t('channels.form.create')}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
