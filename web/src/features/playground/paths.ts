import { agentPath } from '@/features/agents/paths';

/** The playground of an agent: /agentes/:id/testar. */
export function playgroundPath(agentId: string): string {
  return `${agentPath(agentId)}/testar`;
}
