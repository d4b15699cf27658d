import { cn } from '@/lib/utils';

/** The organization's initial in a square, where its logo would be. */
export function OrganizationAvatar({ name, className }: { name: string; className?: string }) {
  const initial = name.trim().charAt(0).toUpperCase() || '?';
  return (
    <span
      aria-hidden="true"
      className={cn(
        'flex size-8 shrink-0 items-center justify-center rounded-md bg-accent text-sm font-semibold text-accent-foreground',
        className,
      )}
    >
      {initial}
    </span>
  );
}
