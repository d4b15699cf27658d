/** What WhatsApp's 24-hour window lets a person do now: write freely (for how long) or only send approved templates. */
export type WindowState = { kind: 'none' } | { kind: 'open'; hours: number; minutes: number } | { kind: 'closed' };

export function windowState(expiresAt: string | null | undefined, now = Date.now()): WindowState {
  if (!expiresAt) return { kind: 'none' };
  const end = new Date(expiresAt).getTime();
  if (Number.isNaN(end)) return { kind: 'none' };
  const left = end - now;
  if (left <= 0) return { kind: 'closed' };
  const totalMinutes = Math.ceil(left / 60_000);
  return { kind: 'open', hours: Math.floor(totalMinutes / 60), minutes: totalMinutes % 60 };
}

/** "3h12", "45 min". */
export function formatLeft({ hours, minutes }: { hours: number; minutes: number }): string {
  if (hours === 0) return `${minutes} min`;
  return `${hours}h${String(minutes).padStart(2, '0')}`;
}

/** Why a conversation was handed off, from the runtime's system message ("Conversa transferida para um humano: …"). */
const handoffPrefix = 'Conversa transferida para um humano:';
export function handoffReason(text: string | undefined): string {
  if (!text?.startsWith(handoffPrefix)) return '';
  return text.slice(handoffPrefix.length).trim();
}
