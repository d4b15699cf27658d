import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AppSection } from '@/app/sections';
import { PageHeader } from '@/components/page-header';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';

/**
 * A section whose feature has not landed yet: its heading and an empty state
 * that says what will be here (children go between them). Each section gets
 * its own page as it lands.
 */
export function SectionPage({ section, children }: { section: AppSection; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t(`sections.${section.key}.title`)} description={t(`sections.${section.key}.description`)} />
      {children}
      <EmptyState
        icon={section.icon}
        title={t(`sections.${section.key}.emptyTitle`)}
        action={
          'next' in section && (
            <Button asChild variant="outline">
              <Link to={section.next.to}>{t(section.next.label)}</Link>
            </Button>
          )
        }
      >
        <p>{t(`sections.${section.key}.emptyBody`)}</p>
      </EmptyState>
    </>
  );
}
