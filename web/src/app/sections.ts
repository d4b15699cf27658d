import {
  BookOpenIcon,
  BotIcon,
  LayoutDashboardIcon,
  type LucideIcon,
  MessageCircleIcon,
  MessagesSquareIcon,
  PlugIcon,
  SettingsIcon,
  UsersIcon,
} from 'lucide-react';
import { paths } from './paths';

/** The app's sections: the sidebar lists them in this order and the router gives each a page. */
export const sections = [
  {
    key: 'dashboard',
    path: paths.dashboard,
    icon: LayoutDashboardIcon,
    next: { to: paths.agents, label: 'sections.dashboard.emptyAction' },
  },
  {
    key: 'conversations',
    path: paths.conversations,
    icon: MessagesSquareIcon,
    next: { to: paths.channels, label: 'sections.conversations.emptyAction' },
  },
  {
    key: 'leads',
    path: paths.leads,
    icon: UsersIcon,
    next: { to: paths.conversations, label: 'sections.leads.emptyAction' },
  },
  {
    key: 'agents',
    path: paths.agents,
    icon: BotIcon,
    next: { to: paths.knowledge, label: 'sections.agents.emptyAction' },
  },
  { key: 'knowledge', path: paths.knowledge, icon: BookOpenIcon },
  { key: 'channels', path: paths.channels, icon: MessageCircleIcon },
  { key: 'integrations', path: paths.integrations, icon: PlugIcon },
  { key: 'settings', path: paths.settings, icon: SettingsIcon },
] as const satisfies readonly Section[];

interface Section {
  key: string;
  path: string;
  icon: LucideIcon;
  /** Where the empty state points to, while the section has nothing to show. */
  next?: { to: string; label: string };
}

export type AppSection = (typeof sections)[number];
