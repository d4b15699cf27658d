import { useTranslation } from 'react-i18next';
import { toast } from '@/components/ui/toast';

/**
 * The auth forms validate but send nothing yet: accounts arrive with the next
 * version. This returns their submit action, which says so.
 */
export function useNotAvailableNotice(): () => void {
  const { t } = useTranslation();
  return () => toast({ title: t('auth.notAvailableTitle'), description: t('auth.notAvailableBody') });
}
