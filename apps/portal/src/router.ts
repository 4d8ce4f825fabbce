import type { Pinia } from 'pinia';
import { createRouter, type RouterHistory, type RouteRecordRaw } from 'vue-router';
import ErrorsPage from './pages/ErrorsPage.vue';
import { useSessionStore } from './stores/session';

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./pages/LoginPage.vue'),
    meta: { public: true },
  },
  {
    path: '/',
    name: 'errors',
    // The home page is in the main bundle: its first rows must not wait for a second download.
    component: ErrorsPage,
    meta: { title: 'Coupled Data Synchronization Errors' },
  },
  {
    path: '/errors/:id',
    name: 'error',
    component: () => import('./pages/ErrorDetailPage.vue'),
    props: true,
    meta: { title: 'Error' },
  },
  {
    path: '/records',
    name: 'records',
    component: () => import('./pages/RecordSearchPage.vue'),
    meta: { title: 'Synchronization log' },
  },
  {
    path: '/records/:id',
    name: 'record',
    component: () => import('./pages/RecordLogPage.vue'),
    props: true,
    meta: { title: 'Synchronization log' },
  },
  {
    path: '/jobs',
    name: 'jobs',
    component: () => import('./pages/JobsPage.vue'),
    meta: { title: 'Jobs' },
  },
  {
    path: '/jobs/:id',
    name: 'job',
    component: () => import('./pages/JobDetailPage.vue'),
    props: true,
    meta: { title: 'Job' },
  },
  {
    path: '/mappings',
    name: 'mappings',
    component: () => import('./pages/MappingsPage.vue'),
    meta: { title: 'Mappings' },
  },
  {
    path: '/diagnostics',
    name: 'diagnostics',
    component: () => import('./pages/DiagnosticsPage.vue'),
    meta: { title: 'Diagnostics' },
  },
  {
    path: '/audit',
    name: 'audit',
    component: () => import('./pages/AuditPage.vue'),
    meta: { title: 'Audit log' },
  },
  { path: '/:rest(.*)*', redirect: '/' },
];

/** Every page but login needs a session; the session is asked for once, on first navigation. */
export function createPortalRouter(history: RouterHistory, pinia: Pinia) {
  const router = createRouter({ history, routes });
  router.beforeEach(async (to) => {
    const session = useSessionStore(pinia);
    if (!session.checked) await session.restore();
    if (to.meta['public'])
      return session.loggedIn && to.name === 'login' ? { name: 'errors' } : true;
    if (!session.loggedIn) return { name: 'login', query: { next: to.fullPath } };
    return true;
  });
  router.afterEach((to) => {
    const title = typeof to.meta['title'] === 'string' ? to.meta['title'] : null;
    document.title = title ? `${title} · TwinSync` : 'TwinSync';
  });
  return router;
}
