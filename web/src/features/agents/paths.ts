import { paths } from '@/app/paths';

/** The page of one agent: /agentes/:id. */
export function agentPath(id: string): string {
  return `${paths.agents}/${encodeURIComponent(id)}`;
}
