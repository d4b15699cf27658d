import { AlertCircleIcon, LoaderCircleIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, AlertDescription, AlertTitle } from './alert';
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from './alert-dialog';
import { Button } from './button';

export interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  /** While the action runs: the dialog stays open and busy, and cannot be closed, until the server answers. */
  pending?: boolean;
  /** False keeps the confirm button disabled (e.g. until a name is typed). */
  canConfirm?: boolean;
  /** Why the action failed, shown in the dialog (it stays open to try again or cancel). */
  error?: { title: string; message: string } | null;
  /** Between the description and the buttons (e.g. a typed confirmation). */
  children?: ReactNode;
}

/** Asks before something that cannot be undone; the confirm button is the destructive one. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  onConfirm,
  pending = false,
  canConfirm = true,
  error,
  children,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  return (
    <AlertDialog open={open} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        {children}
        {error && (
          <Alert variant="destructive" className="grid-cols-[auto_1fr] gap-x-2">
            <AlertCircleIcon className="mt-0.5 size-4" aria-hidden="true" />
            <div className="grid gap-0.5">
              <AlertTitle>{error.title}</AlertTitle>
              <AlertDescription>{error.message}</AlertDescription>
            </div>
          </Alert>
        )}
        <AlertDialogFooter>
          <AlertDialogCancel asChild>
            <Button variant="outline" disabled={pending}>
              {t('app.cancel')}
            </Button>
          </AlertDialogCancel>
          {/* Not an AlertDialogAction: that would close the dialog before the server answers. */}
          <Button variant="destructive" disabled={pending || !canConfirm} onClick={onConfirm}>
            {pending && <LoaderCircleIcon className="animate-spin" aria-hidden="true" />}
            {confirmLabel}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
