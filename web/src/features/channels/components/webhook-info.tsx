import { CheckIcon, CopyIcon, WebhookIcon } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import type { Channel } from '../api/channels';

/** A value to paste in Meta's panel: read-only, selectable, and a button that copies it. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      toast({ title: t('channels.webhook.copied', { what: label }) });
    } catch {
      toast({ title: t('channels.webhook.copyFailed') });
    }
  }

  return (
    <div className="grid gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <div className="flex gap-2">
        <Input
          id={id}
          readOnly
          value={value}
          spellCheck={false}
          className="font-mono text-xs md:text-xs"
          onFocus={(event) => event.currentTarget.select()}
        />
        <Button
          type="button"
          variant="outline"
          size="icon"
          aria-label={t('channels.webhook.copyOf', { what: label })}
          onClick={() => void copy()}
        >
          {copied ? <CheckIcon aria-hidden="true" /> : <CopyIcon aria-hidden="true" />}
        </Button>
      </div>
    </div>
  );
}

/**
 * Where Meta sends this number's messages: the callback URL, and the verify
 * token when the channel has its own app. The platform's token is never
 * shown (the API does not send it).
 */
export function WebhookInfo({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <section aria-labelledby={titleId} className="grid gap-3 rounded-md border bg-muted/30 p-4">
      <div className="grid gap-1">
        <h3 id={titleId} className="flex items-center gap-2 text-sm font-semibold">
          <WebhookIcon className="size-4" aria-hidden="true" />
          {t('channels.webhook.title')}
        </h3>
        <p className="text-sm text-muted-foreground">{t('channels.webhook.body')}</p>
      </div>
      <CopyField label={t('channels.webhook.url')} value={channel.webhook_url} />
      {channel.own_app && channel.verify_token ? (
        <CopyField label={t('channels.webhook.verifyToken')} value={channel.verify_token} />
      ) : (
        <p className="text-sm text-muted-foreground">{t('channels.webhook.platformToken')}</p>
      )}
    </section>
  );
}
