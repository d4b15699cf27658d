import type { TFunction } from 'i18next';
import { playgroundTools } from '../api/playground';

/** A tool of the agent in words ("Buscou na base"); a tool this app does not know yet, by its name. */
export function toolLabel(tool: string, t: TFunction): string {
  return (playgroundTools as readonly string[]).includes(tool)
    ? t(`playground.steps.tools.${tool as (typeof playgroundTools)[number]}`)
    : t('playground.steps.unknownTool', { tool });
}
