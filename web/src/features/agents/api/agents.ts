import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api';
import type { AgentConfig } from '../schemas';

/** An agent at its current version: its configuration, flat, beside its id and version. */
export interface Agent extends AgentConfig {
  id: string;
  /** The number of the last save; creation is 1. */
  version: number;
  created_at: string;
  updated_at: string;
}

/** One field that differs between two versions; before or after is null where it did not exist. */
export interface AgentChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** One save of an agent. A list has `changed`; one version read alone also its config and changes. */
export interface AgentVersion {
  version: number;
  author_id: string;
  author_name: string;
  rollback_of: number | null;
  created_at: string;
  changed: string[];
  changes?: AgentChange[];
  config?: AgentConfig;
}

export interface AgentVersionsPage {
  items: AgentVersion[];
  /** The cursor of the next (older) page; empty on the last. */
  next_cursor?: string;
}

export interface AgentDiff {
  from: number;
  to: number;
  changes: AgentChange[];
}

/** The prefix of every agent query: the live updates refresh them all. */
export const allAgentsKey = ['agents'] as const;

const agentPath = (id: string) => `/api/v1/agents/${encodeURIComponent(id)}`;

/** GET /api/v1/agents. */
export const agentsQueryOptions = queryOptions({
  queryKey: [...allAgentsKey, 'list'],
  queryFn: () => apiRequest<{ items: Agent[] }>('/api/v1/agents'),
  select: (data) => data.items ?? [],
});

/** GET /api/v1/agents/{id}. */
export function agentQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...allAgentsKey, 'one', id],
    queryFn: () => apiRequest<Agent>(agentPath(id)),
  });
}

/** GET /api/v1/agents/{id}/versions?cursor=: the history, newest first, a page at a time. */
export function agentVersionsQueryOptions(id: string) {
  return infiniteQueryOptions({
    queryKey: [...allAgentsKey, 'versions', id],
    queryFn: ({ pageParam }) => {
      const query = pageParam ? `?${new URLSearchParams({ cursor: pageParam }).toString()}` : '';
      return apiRequest<AgentVersionsPage>(`${agentPath(id)}/versions${query}`);
    },
    initialPageParam: '',
    getNextPageParam: (page) => page.next_cursor || undefined,
  });
}

/** GET /api/v1/agents/{id}/diff?from=&to=: what changes from one version to another. */
export function agentDiffQueryOptions(id: string, from: number, to: number) {
  return queryOptions({
    queryKey: [...allAgentsKey, 'diff', id, from, to],
    queryFn: () =>
      apiRequest<AgentDiff>(`${agentPath(id)}/diff?${new URLSearchParams({ from: String(from), to: String(to) }).toString()}`),
    // Versions never change: a diff stays true.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** After a save: the agent as the server has it now, and the lists and history again. */
function saved(queryClient: QueryClient, agent: Agent) {
  queryClient.setQueryData(agentQueryOptions(agent.id).queryKey, agent);
  void queryClient.invalidateQueries({ queryKey: agentsQueryOptions.queryKey });
  void queryClient.invalidateQueries({ queryKey: agentVersionsQueryOptions(agent.id).queryKey });
}

/** POST /api/v1/agents (admins): a name alone makes a working agent with the defaults. */
export function useCreateAgent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: { name: string }) => apiRequest<Agent>('/api/v1/agents', { method: 'POST', body: values }),
    onSuccess: (agent) => saved(queryClient, agent),
  });
}

/** PATCH /api/v1/agents/{id} (admins): the configuration, saved over the version it was edited on. */
export function useUpdateAgent(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, config }: { version: number; config: AgentConfig }) =>
      apiRequest<Agent>(agentPath(id), { method: 'PATCH', body: { ...config, version } }),
    onSuccess: (agent) => saved(queryClient, agent),
  });
}

/** POST /api/v1/agents/{id}/rollback (admins): a version's configuration back, as a new version. */
export function useRollbackAgent(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: { version: number; expected_version: number }) =>
      apiRequest<Agent>(`${agentPath(id)}/rollback`, { method: 'POST', body: values }),
    onSuccess: (agent) => saved(queryClient, agent),
  });
}

/** DELETE /api/v1/agents/{id} (admins): the agent and its history. */
export function useDeleteAgent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(agentPath(id), { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentsQueryOptions.queryKey }),
  });
}
