import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { toast } from '@/components/ui/toast';
import { agentQueryOptions } from '@/features/agents/api/agents';
import { explainError } from '@/features/organizations/error-message';
import type { LeadField } from '@/features/playground/api/playground';
import { LeadPanel } from '@/features/playground/components/lead-panel';
import { type InboxConversation, type InboxMember, leadStages, useUpdateConversation, useUpdateLead } from '../api/inbox';

/** The right column: the lead's stage and assignee, and what the agent collected (with the lead's words). */
export function LeadSide({ conversation, members }: { conversation: InboxConversation; members: InboxMember[] }) {
  const { t } = useTranslation();
  const lead = conversation.lead;
  const agent = useQuery({ ...agentQueryOptions(conversation.agent_id), enabled: conversation.agent_id !== '' });
  const updateLead = useUpdateLead(conversation.id);
  const update = useUpdateConversation(conversation.id);
  const failed = (err: unknown) => toast({ title: t('inbox.actions.failed'), description: explainError(err, t) });
  const values: Record<string, LeadField> = Object.fromEntries((lead?.fields ?? []).map((field) => [field.key, field]));
  const fields = agent.data?.qualification_fields ?? [];
  const assignee = lead?.assignee_id ?? '';

  return (
    <aside aria-label={t('inbox.lead.region')} className="grid content-start gap-3 overflow-y-auto border-l bg-muted/30 p-3">
      <Card>
        <CardHeader className="pb-2">
          <CardTitle className="text-base">{t('inbox.lead.title')}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-3">
          {lead ? (
            <>
              <div className="grid gap-1.5">
                <Label htmlFor="inbox-stage">{t('inbox.lead.stage')}</Label>
                <NativeSelect
                  id="inbox-stage"
                  value={lead.stage}
                  disabled={updateLead.isPending}
                  onChange={(event) => updateLead.mutate({ leadId: lead.id, stage: event.target.value }, { onError: failed })}
                >
                  {leadStages.map((stage) => (
                    <option key={stage} value={stage}>
                      {t(`inbox.stages.${stage}`)}
                    </option>
                  ))}
                </NativeSelect>
              </div>
              <div className="grid gap-1.5">
                <Label htmlFor="inbox-assignee">{t('inbox.lead.assignee')}</Label>
                <NativeSelect
                  id="inbox-assignee"
                  value={assignee}
                  disabled={update.isPending}
                  onChange={(event) => update.mutate({ assignee_id: event.target.value }, { onError: failed })}
                >
                  <option value="">{t('inbox.lead.nobody')}</option>
                  {members.map((member) => (
                    <option key={member.user_id} value={member.user_id}>
                      {member.available === false ? t('inbox.lead.memberAway', { name: member.name }) : member.name}
                    </option>
                  ))}
                  {assignee && !members.some((member) => member.user_id === assignee) && <option value={assignee}>{t('inbox.lead.formerMember')}</option>}
                </NativeSelect>
              </div>
            </>
          ) : (
            <p className="text-sm text-muted-foreground">{t('inbox.lead.none')}</p>
          )}
        </CardContent>
      </Card>
      <LeadPanel fields={fields} values={values} status={conversation.status} />
    </aside>
  );
}
