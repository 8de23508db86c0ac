import { createBrowserRouter, type RouteObject } from 'react-router';
import { Layout } from './Layout';
import { RequireSession } from './RequireSession';
import { NotFoundPage } from './NotFoundPage';

/** Each page is its own chunk, loaded when first visited. */
const page = (load: () => Promise<{ default: React.ComponentType }>): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/login', ...page(() => import('../features/access/LoginPage')) },
      { path: '/accessibility', ...page(() => import('../features/about/AccessibilityStatementPage')) },
      {
        element: <RequireSession />,
        children: [
          { index: true, ...page(() => import('../features/inbox/HomePage')) },
          { path: '/proposals', ...page(() => import('../features/placement/ProposalsPage')) },
          { path: '/proposals/new', ...page(() => import('../features/placement/NewProposalPage')) },
          { path: '/proposals/:id', ...page(() => import('../features/placement/ProposalPage')) },
          { path: '/proposals/:id/edit', ...page(() => import('../features/placement/EditProposalPage')) },
          { path: '/hearings', ...page(() => import('../features/placement/HearingsPage')) },
          { path: '/clients', ...page(() => import('../features/clients/ClientsPage')) },
          { path: '/clients/new', ...page(() => import('../features/clients/RegisterClientPage')) },
          { path: '/clients/:id', ...page(() => import('../features/clients/ClientPage')) },
          { path: '/todos', ...page(() => import('../features/clients/MyTodosPage')) },
          { path: '/outreach', ...page(() => import('../features/outreach/OutreachPage')) },
          {
            path: '/anonymous-visits',
            ...page(() => import('../features/anonymousVisits/AnonymousVisitsPage')),
          },
          { path: '/admin/users', ...page(() => import('../features/access/UsersPage')) },
          { path: '/admin/audit', ...page(() => import('../features/access/AuditLogPage')) },
          { path: '/admin/webhooks', ...page(() => import('../features/webhooks/WebhooksPage')) },
          { path: '/admin/transfers', ...page(() => import('../features/transfers/TransfersPage')) },
          { path: '/reports', ...page(() => import('../features/reports/ReportsPage')) },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
