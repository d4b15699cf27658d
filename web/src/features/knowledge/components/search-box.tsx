import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import { LoaderCircleIcon, SearchIcon } from 'lucide-react';
import { useState } from 'react';
import { useForm, type FieldError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { ErrorAlert } from '@/features/organizations/components/error-alert';
import { explainError } from '@/features/organizations/error-message';
import { useLanguageStore } from '@/i18n/language-store';
import { ApiError } from '@/lib/api';
import { formatNumber } from '@/lib/format';
import { searchQueryOptions, type SearchHit } from '../api/search';
import { searchSchema, type SearchValues } from '../schemas';

/**
 * "Testar busca": a question as a customer would write it, and the passages
 * the agent would find for it — in some bases (baseIds) or in all of them.
 */
export function SearchBox({ baseIds = [] }: { baseIds?: readonly string[] }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const form = useForm<SearchValues>({ resolver: zodResolver(searchSchema), defaultValues: { q: '' } });
  const search = useQuery({ ...searchQueryOptions(q, baseIds), enabled: q !== '' });
  // The server's word on the query (too long, nothing to search) goes under the field.
  const serverField =
    search.error instanceof ApiError && search.error.fields?.q ? search.error.fields.q : undefined;
  const fieldError: FieldError | undefined =
    form.formState.errors.q ?? (serverField ? { type: 'server', message: serverField } : undefined);

  function submit(values: SearchValues) {
    const next = values.q.trim();
    if (next === q) {
      void search.refetch();
    }
    setQ(next);
  }

  let results = null;
  if (q !== '') {
    if (search.isFetching) {
      results = (
        <p role="status" className="flex items-center gap-2 text-sm text-muted-foreground">
          <LoaderCircleIcon className="size-4 animate-spin" aria-hidden="true" />
          {t('knowledge.search.searching')}
        </p>
      );
    } else if (search.isError) {
      results = serverField ? null : <ErrorAlert title={t('knowledge.search.failed')} message={explainError(search.error, t)} />;
    } else if (search.data && search.data.length === 0) {
      results = (
        <p role="status" className="text-sm text-muted-foreground">
          {t('knowledge.search.empty', { q })}
        </p>
      );
    } else if (search.data) {
      results = (
        <ol className="grid gap-3" aria-label={t('knowledge.search.results', { q })}>
          {search.data.map((hit) => (
            <SearchResult key={hit.chunk_id} hit={hit} />
          ))}
        </ol>
      );
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t('knowledge.search.title')}</CardTitle>
        <CardDescription>
          {baseIds.length > 0 ? t('knowledge.search.description') : t('knowledge.search.descriptionAll')}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <form
          noValidate
          role="search"
          className="flex flex-col gap-2 sm:flex-row sm:items-start"
          onSubmit={(event) => void form.handleSubmit(submit)(event)}
        >
          <FormField label={t('knowledge.search.label')} error={fieldError} className="flex-1">
            <Input type="search" autoComplete="off" placeholder={t('knowledge.search.placeholder')} {...form.register('q')} />
          </FormField>
          <Button type="submit" className="sm:mt-7" disabled={search.isFetching}>
            <SearchIcon aria-hidden="true" />
            {t('knowledge.search.submit')}
          </Button>
        </form>
        {results}
      </CardContent>
    </Card>
  );
}

function SearchResult({ hit }: { hit: SearchHit }) {
  const { t } = useTranslation();
  const language = useLanguageStore((state) => state.language);
  const snippet = hit.snippet?.length ? hit.snippet : [{ text: hit.text }];
  return (
    <li className="grid gap-1 rounded-md border p-3 text-sm">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-medium">{hit.source_name}</span>
        <span className="text-xs text-muted-foreground">
          {t('knowledge.search.score', { score: formatNumber(hit.score, language, { maximumFractionDigits: 2 }) })}
        </span>
      </div>
      {hit.heading && <p className="text-xs text-muted-foreground">{hit.heading}</p>}
      <p className="whitespace-pre-wrap">
        {snippet.map((part, i) =>
          part.match ? (
            <mark key={i} className="rounded-sm bg-amber-200 px-0.5 text-foreground">
              {part.text}
            </mark>
          ) : (
            <span key={i}>{part.text}</span>
          ),
        )}
      </p>
    </li>
  );
}
