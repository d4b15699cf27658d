import { AlertCircleIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';

/** Why something was not done, in the flow of the page (e.g. above a form's buttons). */
export function ErrorAlert({ title, message, action }: { title: string; message: string; action?: ReactNode }) {
  return (
    <Alert variant="destructive" className="grid-cols-[auto_1fr] gap-x-2">
      <AlertCircleIcon className="mt-0.5 size-4" aria-hidden="true" />
      <div className="grid gap-0.5">
        <AlertTitle>{title}</AlertTitle>
        <AlertDescription>{message}</AlertDescription>
        {action && <div className="mt-2">{action}</div>}
      </div>
    </Alert>
  );
}
