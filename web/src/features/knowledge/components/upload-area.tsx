import { UploadIcon } from 'lucide-react';
import { useId, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from '@/components/ui/toast';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { explainError } from '@/features/organizations/error-message';
import { useLanguageStore } from '@/i18n/language-store';
import { cn } from '@/lib/utils';
import { useUploadFile } from '../api/knowledge';
import { acceptedExtensions, fileProblem, formatBytes, maxFileBytes } from '../files';

interface Refusal {
  name: string;
  message: string;
}

/** Where files go in: a click opens the picker, or files are dropped on it; each is checked, then sent. */
export function UploadArea({ baseId }: { baseId: string }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const upload = useUploadFile(baseId);
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [refusals, setRefusals] = useState<Refusal[]>([]);
  const [sending, setSending] = useState(0);

  async function send(files: File[]) {
    const refused: Refusal[] = [];
    const accepted: File[] = [];
    for (const file of files) {
      const problem = fileProblem(file);
      if (problem) {
        refused.push({
          name: file.name,
          message: t(`knowledge.upload.problems.${problem}`, { max: formatBytes(maxFileBytes, language) }),
        });
      } else {
        accepted.push(file);
      }
    }
    setRefusals(refused);
    setSending((n) => n + accepted.length);
    await Promise.all(
      accepted.map(async (file) => {
        try {
          await upload.mutateAsync(file);
          toast({ title: t('knowledge.upload.sent', { name: file.name }) });
        } catch (err) {
          setRefusals((list) => [...list, { name: file.name, message: explainError(err, t) }]);
        } finally {
          setSending((n) => n - 1);
        }
      }),
    );
  }

  function drop(event: DragEvent<HTMLLabelElement>) {
    event.preventDefault();
    setDragging(false);
    void send(Array.from(event.dataTransfer.files));
  }

  return (
    <div className="grid gap-3">
      <label
        htmlFor={inputId}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        className={cn(
          'flex cursor-pointer flex-col items-center gap-2 rounded-xl border border-dashed bg-card px-6 py-8 text-center text-sm transition-colors hover:bg-muted/50',
          dragging && 'border-primary bg-primary/5',
        )}
      >
        <UploadIcon className="size-6 text-muted-foreground" aria-hidden="true" />
        <span className="font-medium">{t('knowledge.upload.title')}</span>
        <span className="text-muted-foreground">
          {t('knowledge.upload.hint', { max: formatBytes(maxFileBytes, language) })}
        </span>
        {sending > 0 && <span role="status">{t('knowledge.upload.sending', { count: sending })}</span>}
      </label>
      <input
        ref={input}
        id={inputId}
        type="file"
        multiple
        className="sr-only"
        aria-label={t('knowledge.upload.input')}
        accept={acceptedExtensions.map((extension) => `.${extension}`).join(',')}
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          event.target.value = '';
          void send(files);
        }}
      />
      {refusals.map((refusal, index) => (
        <ErrorAlert
          key={`${index}-${refusal.name}`}
          title={t('knowledge.upload.refused', { name: refusal.name })}
          message={refusal.message}
        />
      ))}
    </div>
  );
}
