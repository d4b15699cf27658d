import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

interface PlaygroundConversations {
  /** The test conversation of each agent, by agent id. */
  byAgent: Record<string, string>;
  set: (agentId: string, conversationId: string) => void;
  forget: (agentId: string) => void;
}

/** sessionStorage key of the playground's conversations. */
export const playgroundStorageKey = 'piloto.playground';

/**
 * The playground's current conversation with each agent, kept in
 * sessionStorage: a reload of the tab picks the conversation up again, a new
 * tab starts its own.
 */
export const usePlaygroundConversations = create<PlaygroundConversations>()(
  persist(
    (set) => ({
      byAgent: {},
      set: (agentId, conversationId) => set((state) => ({ byAgent: { ...state.byAgent, [agentId]: conversationId } })),
      forget: (agentId) =>
        set((state) => {
          const byAgent = { ...state.byAgent };
          delete byAgent[agentId];
          return { byAgent };
        }),
    }),
    {
      name: playgroundStorageKey,
      storage: createJSONStorage(() => sessionStorage),
      partialize: (state) => ({ byAgent: state.byAgent }),
      merge: (persisted, current) => {
        const byAgent = (persisted as { byAgent?: unknown } | undefined)?.byAgent;
        if (typeof byAgent !== 'object' || byAgent === null) return current;
        const clean = Object.fromEntries(Object.entries(byAgent).filter(([, id]) => typeof id === 'string' && id !== ''));
        return { ...current, byAgent: clean };
      },
    },
  ),
);
