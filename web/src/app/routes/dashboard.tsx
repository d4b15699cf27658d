import { BookOpenIcon, BotIcon, MessageCircleIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/app/paths';
import { sections } from '@/app/sections';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { SectionPage } from './section';

const dashboard = sections[0];

/** The dashboard: where a new account starts (what to set up, in order) until there are numbers. */
export function DashboardPage() {
  return (
    <SectionPage section={dashboard}>
      <GettingStarted />
    </SectionPage>
  );
}

function GettingStarted() {
  const { t } = useTranslation();
  const steps = [
    { to: paths.channels, icon: MessageCircleIcon, text: t('gettingStarted.steps.channel') },
    { to: paths.knowledge, icon: BookOpenIcon, text: t('gettingStarted.steps.knowledge') },
    { to: paths.agents, icon: BotIcon, text: t('gettingStarted.steps.agent') },
  ];
  return (
    <Card aria-labelledby="getting-started-title" className="mb-6">
      <CardHeader>
        <CardTitle id="getting-started-title">{t('gettingStarted.title')}</CardTitle>
        <CardDescription>{t('gettingStarted.intro')}</CardDescription>
      </CardHeader>
      <CardContent>
        <ol className="grid gap-3">
          {steps.map((step, index) => (
            <li key={step.to}>
              <Link
                to={step.to}
                className="-m-2 flex items-start gap-3 rounded-md p-2 outline-none hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring"
              >
                <span className="flex size-7 shrink-0 items-center justify-center rounded-full bg-accent text-sm font-semibold text-accent-foreground">
                  {index + 1}
                </span>
                <step.icon className="mt-1 size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
                <span className="text-sm leading-6">{step.text}</span>
              </Link>
            </li>
          ))}
        </ol>
        <p className="mt-5 text-sm text-muted-foreground">{t('gettingStarted.note')}</p>
      </CardContent>
    </Card>
  );
}
