import { CheckCircle2Icon, CircleAlertIcon, LoaderCircleIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { useLanguageStore } from '@/i18n/language-store';
import { formatNumber } from '@/lib/format';
import type { Step } from '../reply-state';
import { JsonBlock } from './json-block';
import { toolLabel } from './tool-label';

/** "Passo a passo": each tool the agent called for the current reply, as it happens. */
export function StepsPanel({ steps }: { steps: Step[] }) {
  const { t } = useTranslation();
  return (
    <Card aria-labelledby="playground-steps-title">
      <CardHeader>
        <CardTitle id="playground-steps-title">{t('playground.steps.title')}</CardTitle>
        <CardDescription>{t('playground.steps.description')}</CardDescription>
      </CardHeader>
      <CardContent>
        {steps.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t('playground.steps.empty')}</p>
        ) : (
          <ol className="grid gap-3" aria-label={t('playground.steps.title')}>
            {steps.map((step) => (
              <StepItem key={step.id} step={step} />
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}

function StepItem({ step }: { step: Step }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const failed = step.done && step.error;
  const Icon = !step.done ? LoaderCircleIcon : failed ? CircleAlertIcon : CheckCircle2Icon;
  return (
    <li className="grid gap-2 rounded-md border p-3">
      <div className="flex items-center gap-2 text-sm font-medium">
        <Icon
          className={
            !step.done ? 'size-4 animate-spin text-muted-foreground' : failed ? 'size-4 text-destructive' : 'size-4 text-emerald-600'
          }
          aria-hidden="true"
        />
        <span>{toolLabel(step.tool, t)}</span>
        {!step.done && <span className="text-xs font-normal text-muted-foreground">{t('playground.steps.running')}</span>}
      </div>
      {failed && <p className="text-sm text-destructive">{t('playground.steps.failed', { error: step.error })}</p>}
      {step.args !== undefined && <JsonBlock label={t('playground.steps.args')} value={step.args} />}
      {step.tool === 'search_knowledge' && step.passages !== undefined ? (
        <div className="grid gap-1.5">
          <p className="text-xs font-medium text-muted-foreground">{t('playground.steps.passages')}</p>
          {step.passages.length === 0 ? (
            <p className="text-xs text-muted-foreground">{t('playground.steps.noPassages')}</p>
          ) : (
            <ul className="grid gap-2">
              {step.passages.map((passage) => (
                <li key={passage.id} className="rounded-md bg-muted/50 p-2 text-xs">
                  <p className="flex flex-wrap justify-between gap-x-2 font-medium">
                    <span>{[passage.source, passage.heading].filter(Boolean).join(' · ')}</span>
                    <span className="font-normal text-muted-foreground">
                      {t('playground.steps.score', { score: formatNumber(passage.score, language, { maximumFractionDigits: 2 }) })}
                    </span>
                  </p>
                  <p className="mt-1 line-clamp-3 text-muted-foreground">{passage.text}</p>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        step.done && step.result !== undefined && step.result !== null && <JsonBlock label={t('playground.steps.result')} value={step.result} />
      )}
    </li>
  );
}
