import { create } from 'zustand';
import type { InboxFilters } from './api/inbox';

export const defaultInboxFilters: InboxFilters = { view: 'all', agentId: '', channelId: '', label: '', q: '' };

interface InboxFiltersState {
  filters: InboxFilters;
  set: (patch: Partial<InboxFilters>) => void;
  reset: () => void;
}

/** The inbox's tab, filters and search: kept while moving from one conversation to another. */
export const useInboxFilters = create<InboxFiltersState>()((set) => ({
  filters: defaultInboxFilters,
  set: (patch) => set((state) => ({ filters: { ...state.filters, ...patch } })),
  reset: () => set({ filters: defaultInboxFilters }),
}));
