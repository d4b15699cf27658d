// Test data and API handlers for agents.
import { http, HttpResponse } from 'msw';
import type { Role } from '@/features/auth/api/session';
import type { KnowledgeBase } from '@/features/knowledge/api/knowledge';
import { llmApi } from '@/features/llm/testing/fixtures';
import { sessionAs } from '@/features/organizations/testing/fixtures';
import { server, signedIn } from '@/testing/server';
import type { Agent, AgentChange, AgentVersion } from '../api/agents';
import type { AgentConfig } from '../schemas';

const weekday = () => [{ start: '08:00', end: '18:00' }];

/** The configuration the server gives a new agent (internal/agent.Defaults). */
export function defaultConfig(name = 'Sol'): AgentConfig {
  return {
    name,
    enabled: true,
    persona: 'Você é o assistente virtual de vendas da empresa no WhatsApp.',
    tone: 'Cordial e profissional.',
    instructions: '- Nunca invente preços.',
    company_facts: '',
    knowledge_base_ids: [],
    provider: '',
    model: '',
    temperature: 0.3,
    qualification_fields: [
      { key: 'nome', label: 'Nome', type: 'text', required: true, description: 'Como o cliente se chama.', options: [] },
      { key: 'cidade', label: 'Cidade', type: 'text', required: false, description: 'Onde o cliente está.', options: [] },
      {
        key: 'prazo_decisao',
        label: 'Prazo de decisão',
        type: 'enum',
        required: false,
        description: '',
        options: ['Imediato', 'Até 3 meses', 'Mais de 3 meses'],
      },
    ],
    handoff: { on_request: true, after_unanswered: 3, keywords: [], when_qualified: true },
    business_hours: {
      enabled: true,
      time_zone: 'America/Sao_Paulo',
      week: { mon: weekday(), tue: weekday(), wed: weekday(), thu: weekday(), fri: weekday(), sat: [{ start: '08:00', end: '12:00' }], sun: [] },
      out_of_hours_message: 'Nosso horário terminou.',
    },
    greeting: 'Olá! Sou o assistente da empresa. Como posso ajudar?',
    max_reply_chars: 600,
  };
}

export function agent(overrides: Partial<Agent> = {}): Agent {
  return {
    id: 'ag_1',
    version: 2,
    created_at: '2025-03-01T12:00:00Z',
    updated_at: '2025-03-02T15:30:00Z',
    ...defaultConfig(),
    ...overrides,
  };
}

export const catalogo: KnowledgeBase = { id: 'kb_1', name: 'Catálogo 2025', created_at: '2025-03-01T12:00:00Z' };

export const versions: AgentVersion[] = [
  {
    version: 2,
    author_id: 'usr_1',
    author_name: 'Ana Souza',
    rollback_of: null,
    created_at: '2025-03-02T15:30:00Z',
    changed: ['persona', 'qualification_fields.cidade'],
  },
  { version: 1, author_id: 'usr_1', author_name: 'Ana Souza', rollback_of: null, created_at: '2025-03-01T12:00:00Z', changed: [] },
];

export const changes1to2: AgentChange[] = [
  { path: 'persona', before: 'Você é um vendedor.', after: 'Você é o assistente virtual de vendas da empresa no WhatsApp.' },
  {
    path: 'qualification_fields.cidade',
    before: null,
    after: { key: 'cidade', label: 'Cidade', type: 'text', required: false, description: 'Onde o cliente está.', options: [] },
  },
];

/** Signed in with role; the agent, its history, the knowledge bases and the LLM providers (see llmApi) answer. */
export function agentsApi(
  role: Role = 'owner',
  { agents = [agent()], history = versions, bases = [catalogo] }: { agents?: Agent[]; history?: AgentVersion[]; bases?: KnowledgeBase[] } = {},
) {
  signedIn(sessionAs(role));
  llmApi();
  server.use(
    http.get('/api/v1/agents', () => HttpResponse.json({ items: agents, next_cursor: '' })),
    http.get('/api/v1/agents/:id', ({ params }) => {
      const found = agents.find((a) => a.id === params.id);
      return found
        ? HttpResponse.json(found)
        : HttpResponse.json({ error: { code: 'not_found', message: 'Agente não encontrado.' } }, { status: 404 });
    }),
    http.get('/api/v1/agents/:id/versions', () => HttpResponse.json({ items: history, next_cursor: '' })),
    http.get('/api/v1/agents/:id/diff', ({ request }) => {
      const url = new URL(request.url);
      return HttpResponse.json({ from: Number(url.searchParams.get('from')), to: Number(url.searchParams.get('to')), changes: changes1to2 });
    }),
    http.get('/api/v1/knowledge-bases', () => HttpResponse.json({ items: bases, next_cursor: '' })),
  );
}
