import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api';

/** The periods the page offers, in days (ending today, in the organization's time zone). */
export const usagePeriods = [7, 30, 90] as const;
export type UsagePeriod = (typeof usagePeriods)[number];

/** Calls to the LLM and what they cost, in micro-reais (millionths of a real). */
export interface UsageTotals {
  calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_micro_brl: number;
}

export interface UsageDay extends UsageTotals {
  /** "YYYY-MM-DD", in the organization's time zone. */
  day: string;
}

export interface UsageAgent extends UsageTotals {
  /** Null for calls of no agent, or of one since deleted. */
  agent_id: string | null;
  agent_name: string;
}

export interface Usage {
  /** The first and last day, "YYYY-MM-DD". */
  from: string;
  to: string;
  time_zone: string;
  total: UsageTotals & {
    /** Calls of models the price table does not know: their cost is not in cost_micro_brl. */
    unpriced_calls: number;
  };
  /** Every day of the period, oldest first (days without calls too). */
  by_day: UsageDay[];
  by_agent: UsageAgent[];
}

/** GET /api/v1/usage?days= (owners): the organization's LLM use per day and per agent. */
export function usageQueryOptions(days: UsagePeriod) {
  return queryOptions({
    queryKey: ['usage', days],
    queryFn: () => apiRequest<Usage>(`/api/v1/usage?${new URLSearchParams({ days: String(days) }).toString()}`),
    // Another period keeps the last one on screen while it loads.
    placeholderData: keepPreviousData,
  });
}
