import { BookOpenIcon, BotIcon, MessageCircleIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/app/paths';
import { PageHeader } from '@/components/page-header';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { ServerVersion } from '@/features/system/components/server-version';

/** The landing screen at /: what the product does, and the server's version. */
export function HomePage() {
  const { t } = useTranslation();
  const steps = [
    { to: paths.channels, icon: MessageCircleIcon, text: t('home.steps.channel') },
    { to: paths.knowledge, icon: BookOpenIcon, text: t('home.steps.knowledge') },
    { to: paths.agents, icon: BotIcon, text: t('home.steps.agent') },
  ];
  return (
    <>
      <PageHeader title={t('home.heading')} description={t('home.intro')} documentTitle={t('home.title')} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card aria-labelledby="home-steps-title">
          <CardHeader>
            <CardTitle id="home-steps-title">{t('home.stepsTitle')}</CardTitle>
          </CardHeader>
          <CardContent>
            <ol className="grid gap-3">
              {steps.map((step, index) => (
                <li key={step.to}>
                  <Link
                    to={step.to}
                    className="flex items-start gap-3 rounded-md p-2 -m-2 outline-none hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring"
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
            <p className="mt-5 text-sm text-muted-foreground">{t('home.stepsNote')}</p>
          </CardContent>
        </Card>
        <ServerVersion />
      </div>
    </>
  );
}
