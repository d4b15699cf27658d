/** The actions of the security log, and the key of each one's label under audit.actions. */
export const auditActions = {
  signup: 'signup',
  'login.succeeded': 'loginSucceeded',
  'login.failed': 'loginFailed',
  'login.google': 'loginGoogle',
  'session.token_reused': 'tokenReused',
  logout: 'logout',
  'logout.all_devices': 'logoutAllDevices',
  'agent.created': 'agentCreated',
  'agent.updated': 'agentUpdated',
  'agent.rolled_back': 'agentRolledBack',
  'agent.deleted': 'agentDeleted',
  'llm.key_set': 'llmKeySet',
  'llm.key_removed': 'llmKeyRemoved',
  'whatsapp.channel_created': 'whatsappChannelCreated',
  'whatsapp.channel_updated': 'whatsappChannelUpdated',
  'whatsapp.channel_deleted': 'whatsappChannelDeleted',
} as const;

export type AuditActionKey = (typeof auditActions)[keyof typeof auditActions];

/** The label key of a known action; null for one this version of the app does not know. */
export function auditActionKey(action: string): AuditActionKey | null {
  return Object.hasOwn(auditActions, action) ? auditActions[action as keyof typeof auditActions] : null;
}

/** Details the app puts in words ("name=value" → the key of the words under audit.details). */
const detailWords: Readonly<Record<string, 'viaGoogle' | 'wrongPassword'>> = {
  'via=google': 'viaGoogle',
  'reason=wrong_password': 'wrongPassword',
};

export type AuditDetailKey = (typeof detailWords)[string];

/** The words key of a detail, or null to show it as it is. */
export function auditDetailKey(name: string, value: string): AuditDetailKey | null {
  return detailWords[`${name}=${value}`] ?? null;
}
