import { AlertTriangleIcon, CheckCircle2Icon, LoaderCircleIcon, PencilIcon, PlugZapIcon, Trash2Icon } from 'lucide-react';
import { Switch } from 'radix-ui';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { toast } from '@/components/ui/toast';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { explainError } from '@/features/organizations/error-message';
import { useLanguageStore } from '@/i18n/language-store';
import { formatRelativeTime } from '@/lib/format';
import {
  type Channel,
  type ChannelTestResult,
  tokenInvalidCode,
  useDeleteChannel,
  useTestChannel,
  useUpdateChannel,
} from '../api/channels';
import { ChannelFormDialog } from './channel-form-dialog';
import { WebhookInfo } from './webhook-info';

/**
 * One WhatsApp number: whether it is proven, on, and receiving webhooks, the
 * agent that answers it; for admins and owners, "Testar conexão", its
 * switch, the edit form, the webhook to set in Meta's panel, and deletion.
 * agentName is the name of its agent (undefined when the agent is not found).
 */
export function ChannelCard({ channel, agentName, editable }: { channel: Channel; agentName: string | undefined; editable: boolean }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const titleId = useId();
  const test = useTestChannel(channel.id);
  const toggle = useUpdateChannel(channel.id);
  const remove = useDeleteChannel(channel.id);
  const [editing, setEditing] = useState<null | { focusToken: boolean }>(null);
  const [deleting, setDeleting] = useState(false);

  const proven = channel.proven_at !== null;
  const facts: [string, string][] = [
    [t('channels.card.number'), channel.display_number || t('channels.card.noNumber')],
    ...(channel.verified_name ? [[t('channels.card.verifiedName'), channel.verified_name] as [string, string]] : []),
    [t('channels.card.phoneNumberId'), channel.phone_number_id],
    [
      t('channels.card.agent'),
      channel.agent_id ? (agentName ?? t('channels.card.unknownAgent')) : t('channels.card.noAgent'),
    ],
    [t('channels.card.token'), channel.token_hint],
    [
      t('channels.card.app'),
      channel.own_app ? t('channels.card.ownApp', { hint: channel.app_secret_hint ?? '…' }) : t('channels.card.platformApp'),
    ],
  ];

  function runTest() {
    test.mutate(undefined, {
      onSuccess: (result) => {
        if (result.ok) {
          toast({ title: t('channels.test.okToast', { name: result.verified_name || channel.name }) });
        }
      },
    });
  }

  function setEnabled(enabled: boolean) {
    toggle.mutate(
      { enabled },
      {
        onSuccess: () =>
          toast({ title: enabled ? t('channels.card.turnedOn', { name: channel.name }) : t('channels.card.turnedOff', { name: channel.name }) }),
        onError: (err) => toast({ title: t('channels.card.toggleFailed'), description: explainError(err, t) }),
      },
    );
  }

  const changeToken = () => setEditing({ focusToken: true });
  // A fresh refusal of the token shows in the test's outcome; the saved one until then.
  const showTokenError = channel.token_error !== '' && !(test.data && !test.data.ok);

  return (
    <Card aria-labelledby={titleId}>
      <CardHeader>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="grid gap-1.5">
            <div className="flex flex-wrap items-center gap-2">
              <CardTitle id={titleId}>{channel.name}</CardTitle>
              {proven ? (
                <Badge variant="success">{t('channels.status.connected')}</Badge>
              ) : (
                <Badge variant="warning">{t('channels.status.unverified')}</Badge>
              )}
              {!channel.enabled && <Badge variant="muted">{t('channels.status.off')}</Badge>}
            </div>
            <CardDescription>
              {[channel.display_number, channel.verified_name].filter(Boolean).join(' · ') || channel.phone_number_id}
            </CardDescription>
          </div>
          {editable && (
            <label className="flex items-center gap-2 text-sm">
              <Switch.Root
                checked={channel.enabled}
                disabled={toggle.isPending}
                onCheckedChange={setEnabled}
                aria-label={t('channels.card.enabledOf', { name: channel.name })}
                className="relative inline-flex h-6 w-11 shrink-0 cursor-pointer items-center rounded-full border-2 border-transparent bg-input transition-colors outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 disabled:cursor-not-allowed disabled:opacity-50 data-[state=checked]:bg-primary"
              >
                <Switch.Thumb className="pointer-events-none block size-5 rounded-full bg-background shadow-sm transition-transform data-[state=checked]:translate-x-5 data-[state=unchecked]:translate-x-0" />
              </Switch.Root>
              <span aria-hidden="true">{channel.enabled ? t('channels.card.on') : t('channels.card.off')}</span>
            </label>
          )}
        </div>
      </CardHeader>
      <CardContent className="grid gap-5">
        {showTokenError && (
          <ErrorAlert
            title={t('channels.status.tokenErrorTitle')}
            message={channel.token_error}
            action={
              editable && (
                <Button variant="outline" size="sm" onClick={changeToken}>
                  {t('channels.status.changeToken')}
                </Button>
              )
            }
          />
        )}
        {!proven && !showTokenError && !test.data && (
          // Not role="alert": a state to act on, not news.
          <div className="grid grid-cols-[auto_1fr] gap-x-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
            <AlertTriangleIcon className="mt-0.5 size-4 text-amber-700" aria-hidden="true" />
            <div className="grid gap-0.5">
              <p className="font-medium">{t('channels.status.unverified')}</p>
              <p className="text-muted-foreground">{t('channels.status.unverifiedBody')}</p>
              {editable && (
                <div className="mt-2">
                  <Button size="sm" disabled={test.isPending} onClick={runTest}>
                    {test.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden="true" /> : <PlugZapIcon aria-hidden="true" />}
                    {t('channels.test.button')}
                  </Button>
                </div>
              )}
            </div>
          </div>
        )}

        <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
          {facts.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="font-medium">{label}</dt>
              <dd className="min-w-0 break-words text-muted-foreground">{value}</dd>
            </div>
          ))}
        </dl>

        <p className="text-sm text-muted-foreground">
          {channel.last_webhook_at
            ? t('channels.status.lastWebhook', { when: formatRelativeTime(channel.last_webhook_at, { locale: language }) })
            : t('channels.status.noWebhook')}
        </p>
        {channel.dropped_entries > 0 && (
          <p className="flex items-start gap-2 text-sm text-amber-800">
            <AlertTriangleIcon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
            {t('channels.status.dropped', { count: channel.dropped_entries })}
          </p>
        )}

        {editable && (
          <div className="grid gap-3">
            <div className="flex flex-wrap gap-2">
              <Button
                variant="outline"
                disabled={test.isPending}
                aria-label={t('channels.test.of', { name: channel.name })}
                onClick={runTest}
              >
                {test.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden="true" /> : <PlugZapIcon aria-hidden="true" />}
                {t('channels.test.button')}
              </Button>
              <Button variant="outline" aria-label={t('channels.card.editOf', { name: channel.name })} onClick={() => setEditing({ focusToken: false })}>
                <PencilIcon aria-hidden="true" />
                {t('channels.card.edit')}
              </Button>
              <Button
                variant="outline"
                aria-label={t('channels.card.deleteOf', { name: channel.name })}
                onClick={() => {
                  remove.reset();
                  setDeleting(true);
                }}
              >
                <Trash2Icon aria-hidden="true" />
                {t('channels.card.delete')}
              </Button>
            </div>
            {test.isPending && (
              <p role="status" className="text-sm text-muted-foreground">
                {t('channels.test.running')}
              </p>
            )}
            {test.data && <TestOutcome result={test.data} channel={channel} onChangeToken={changeToken} />}
            {test.error && <ErrorAlert title={t('channels.test.failedToRun')} message={explainError(test.error, t)} />}
          </div>
        )}

        {editable && <WebhookInfo channel={channel} />}
      </CardContent>

      {editing && (
        <ChannelFormDialog
          channel={channel}
          focusToken={editing.focusToken}
          onOpenChange={(open) => !open && setEditing(null)}
          onSaved={() => test.reset()}
        />
      )}
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={t('channels.delete.title', { name: channel.name })}
        description={t('channels.delete.body')}
        confirmLabel={t('channels.delete.confirm')}
        pending={remove.isPending}
        error={remove.error ? { title: t('channels.delete.failed'), message: explainError(remove.error, t) } : null}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => {
              setDeleting(false);
              toast({ title: t('channels.delete.done', { name: channel.name }) });
            },
          })
        }
      />
    </Card>
  );
}

/** What "Testar conexão" found: connected (Meta's name and number for it), or Meta's refusal in pt-BR. */
function TestOutcome({ result, channel, onChangeToken }: { result: ChannelTestResult; channel: Channel; onChangeToken: () => void }) {
  const { t } = useTranslation();
  if (!result.ok) {
    return (
      <ErrorAlert
        title={t('channels.test.failed')}
        message={result.message}
        action={
          result.code === tokenInvalidCode && (
            <Button variant="outline" size="sm" onClick={onChangeToken}>
              {t('channels.status.changeToken')}
            </Button>
          )
        }
      />
    );
  }
  return (
    <div role="status" className="flex items-start gap-2 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
      <CheckCircle2Icon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <p className="font-medium">
        {t('channels.test.ok', {
          name: result.verified_name || channel.verified_name || channel.name,
          number: result.display_number || channel.display_number || channel.phone_number_id,
        })}
      </p>
    </div>
  );
}
