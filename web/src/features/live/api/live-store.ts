import { create } from 'zustand';
import type { LiveStatus } from './live-connection';

/** The live connection's state, for the indicator in the top bar (null: no connection). */
export const useLiveStatus = create<{ status: LiveStatus | null }>(() => ({ status: null }));

export function setLiveStatus(status: LiveStatus | null): void {
  useLiveStatus.setState({ status });
}
