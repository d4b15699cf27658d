import { paths } from '@/app/paths';

/** The page of one knowledge base: /conhecimento/:id. */
export function knowledgeBasePath(id: string): string {
  return `${paths.knowledge}/${encodeURIComponent(id)}`;
}
