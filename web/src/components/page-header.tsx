import type { ReactNode } from 'react';
import { useDocumentTitle } from '@/hooks/use-document-title';

interface PageHeaderProps {
  title: string;
  description?: ReactNode;
  /** The page's name in the browser tab, when it is not the title. */
  documentTitle?: string;
}

/** A page's heading; it also names the browser tab after the page. */
export function PageHeader({ title, description, documentTitle }: PageHeaderProps) {
  useDocumentTitle(documentTitle ?? title);
  return (
    <header className="mb-6 md:mb-8">
      <h1 className="text-2xl font-semibold tracking-tight md:text-3xl">{title}</h1>
      {description && <p className="mt-1.5 max-w-prose text-muted-foreground">{description}</p>}
    </header>
  );
}
