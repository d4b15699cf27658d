// Test data for the usage page.
import type { Usage } from '../api/usage';

/** Seven days of use, two agents and a deleted one; one call of a model without a price. */
export function usageReport(overrides: Partial<Usage> = {}): Usage {
  const days = ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07'];
  const costs = [0, 12_300, 0, 1_500_000, 40, 0, 250_000];
  return {
    from: days[0]!,
    to: days[days.length - 1]!,
    time_zone: 'America/Sao_Paulo',
    total: { calls: 1234, input_tokens: 2_345_678, output_tokens: 123_456, cost_micro_brl: 1_762_340, unpriced_calls: 3 },
    by_day: days.map((day, i) => ({
      day,
      calls: costs[i] ? 100 + i : 0,
      input_tokens: costs[i] ? 10_000 * i : 0,
      output_tokens: costs[i] ? 1_000 * i : 0,
      cost_micro_brl: costs[i]!,
    })),
    by_agent: [
      { agent_id: 'ag_2', agent_name: 'Lua', calls: 34, input_tokens: 45_678, output_tokens: 3_456, cost_micro_brl: 12_340 },
      { agent_id: 'ag_1', agent_name: 'Sol', calls: 1190, input_tokens: 2_290_000, output_tokens: 118_000, cost_micro_brl: 1_750_000 },
      { agent_id: null, agent_name: 'Agente excluído', calls: 10, input_tokens: 10_000, output_tokens: 2_000, cost_micro_brl: 0 },
    ],
    ...overrides,
  };
}
