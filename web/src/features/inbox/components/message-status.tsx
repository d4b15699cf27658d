import { AlertCircleIcon, CheckCheckIcon, CheckIcon, ClockIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { cn } from '@/lib/utils';

const shown = ['pending', 'sent', 'delivered', 'read', 'failed'] as const;
const isShown = (status: string): status is (typeof shown)[number] => (shown as readonly string[]).includes(status);

/** The delivery status of a message we sent: ✓ sent, ✓✓ delivered, blue ✓✓ read, ! failed, a clock while pending. */
export function MessageStatusTick({ status, className }: { status: string; className?: string }) {
  const { t } = useTranslation();
  if (!isShown(status)) return null;
  const label = t(`inbox.status.${status}`);
  const icon = {
    pending: <ClockIcon className="size-3" aria-hidden="true" />,
    sent: <CheckIcon className="size-3.5" aria-hidden="true" />,
    delivered: <CheckCheckIcon className="size-3.5" aria-hidden="true" />,
    read: <CheckCheckIcon className="size-3.5 text-sky-600" aria-hidden="true" />,
    failed: <AlertCircleIcon className="size-3.5 text-destructive" aria-hidden="true" />,
  }[status];
  return (
    <span className={cn('inline-flex shrink-0 items-center text-muted-foreground', className)} title={label} data-status={status}>
      {icon}
      <span className="sr-only">{label}</span>
    </span>
  );
}
