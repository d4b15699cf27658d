import { ChevronRightIcon } from 'lucide-react';
import { cn } from '@/lib/utils';

/** A JSON value as it was, indented. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return '';
  try {
    return JSON.stringify(value, null, 2) ?? '';
  } catch {
    return '';
  }
}

/** A labelled JSON value, folded until opened (open: shown at first). */
export function JsonBlock({ label, value, open = false, className }: { label: string; value: unknown; open?: boolean; className?: string }) {
  return (
    <details className={cn('group rounded-md border bg-muted/40 text-xs', className)} open={open}>
      <summary className="flex cursor-pointer list-none items-center gap-1 px-2 py-1.5 font-medium text-muted-foreground select-none hover:text-foreground [&::-webkit-details-marker]:hidden">
        <ChevronRightIcon className="size-3.5 transition-transform group-open:rotate-90" aria-hidden="true" />
        {label}
      </summary>
      <pre className="max-h-64 overflow-auto border-t px-2 py-1.5 font-mono text-[11px] leading-relaxed break-words whitespace-pre-wrap">
        {prettyJson(value)}
      </pre>
    </details>
  );
}
