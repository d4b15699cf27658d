import { AlertCircleIcon } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';

/** Why an auth form was not accepted, above its submit button. */
export function FormAlert({ title, message }: { title: string; message: string }) {
  return (
    <Alert variant="destructive" className="grid-cols-[auto_1fr] gap-x-2">
      <AlertCircleIcon className="mt-0.5 size-4" aria-hidden="true" />
      <div className="grid gap-0.5">
        <AlertTitle>{title}</AlertTitle>
        <AlertDescription>{message}</AlertDescription>
      </div>
    </Alert>
  );
}
