import { Navigate, type RouteObject } from 'react-router';
import { AgentPage } from '@/features/agents/components/agent-page';
import { AgentsPage } from '@/features/agents/components/agents-page';
import { InboxPage } from '@/features/inbox/components/inbox-page';
import { KnowledgeBasePage } from '@/features/knowledge/components/knowledge-base-page';
import { KnowledgeBasesPage } from '@/features/knowledge/components/knowledge-bases-page';
import { PlaygroundPage } from '@/features/playground/components/playground-page';
import { paths } from './paths';
import type * as authPages from './routes/auth/pages';
import { AuthCardSkeleton } from './routes/auth/auth-card';
import { AuthLayout } from './routes/auth/auth-layout';
import { DashboardPage } from './routes/dashboard';
import { NotFoundPage } from './routes/not-found';
import { RouteErrorPage } from './routes/route-error';
import { SectionPage } from './routes/section';
import { SettingsLayout } from './routes/settings/settings-layout';
import { SettingsTabSkeleton } from './routes/settings/settings-skeleton';
import { settingsTabs } from './routes/settings/tabs';
import { type AppSection, sections } from './sections';
import { GuestOnly, RequireSession } from './session-guards';
import { AppShell } from './shell/app-shell';

/** A route whose page is in the auth chunk, loaded the first time it is visited. */
function authRoute(path: string, page: keyof typeof authPages): RouteObject {
  return {
    path,
    // Shown while the chunk loads when the app opens on this page.
    hydrateFallbackElement: <AuthCardSkeleton />,
    lazy: async () => {
      const pages = await import('./routes/auth/pages');
      return { Component: pages[page] };
    },
  };
}

/** The page of a section: its own when it has landed, else what it will be. */
function sectionPage(section: AppSection) {
  switch (section.key) {
    case 'dashboard':
      return <DashboardPage />;
    case 'agents':
      return <AgentsPage />;
    case 'conversations':
      return <InboxPage />;
    case 'knowledge':
      return <KnowledgeBasesPage />;
    default:
      return <SectionPage section={section} />;
  }
}

/**
 * The route table: the app's sections inside the shell, for signed-in users
 * only; the auth pages beside it, sign-in and sign-up for signed-out users only.
 */
export const routes: RouteObject[] = [
  {
    element: <RequireSession />,
    errorElement: <RouteErrorPage />,
    children: [
      {
        element: <AppShell />,
        children: [
          { index: true, element: <Navigate to={paths.dashboard} replace /> },
          ...sections
            .filter((section) => section.key !== 'settings')
            .map((section) => ({
              path: section.path,
              element: sectionPage(section),
            })),
          { path: `${paths.conversations}/:conversationId`, element: <InboxPage /> },
          { path: `${paths.agents}/:agentId`, element: <AgentPage /> },
          { path: `${paths.agents}/:agentId/testar`, element: <PlaygroundPage /> },
          { path: `${paths.knowledge}/:baseId`, element: <KnowledgeBasePage /> },
          {
            path: paths.settings,
            element: <SettingsLayout />,
            children: [
              { index: true, element: <Navigate to={paths.settingsSecurity} replace /> },
              ...settingsTabs.map(
                (tab): RouteObject => ({
                  path: tab.path,
                  hydrateFallbackElement: <SettingsTabSkeleton />,
                  lazy: async () => ({ Component: await tab.load() }),
                }),
              ),
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
  {
    element: <AuthLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      {
        element: <GuestOnly />,
        children: [authRoute(paths.signIn, 'SignInPage'), authRoute(paths.signUp, 'SignUpPage')],
      },
      authRoute(paths.forgotPassword, 'ForgotPasswordPage'),
      authRoute(paths.resetPassword, 'ResetPasswordPage'),
      authRoute(paths.verifyEmail, 'VerifyEmailPage'),
      authRoute(paths.invite, 'InvitePage'),
    ],
  },
  {
    // The development mailbox: its own frame, for signed-in and signed-out visitors alike.
    path: paths.devOutbox,
    errorElement: <RouteErrorPage />,
    hydrateFallbackElement: <AuthCardSkeleton />,
    lazy: async () => ({ Component: (await import('./routes/dev/outbox')).DevOutboxPage }),
  },
];
