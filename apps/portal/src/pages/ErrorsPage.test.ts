import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import ConfirmDialog from 'primevue/confirmdialog';
import Toast from 'primevue/toast';
import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import type { ErrorListItem, Role } from '../api/types';
import { errorItem, meAs } from '../testing/builders';
import { createFakeApi } from '../testing/fake-api';
import { fakeErrorsServer } from '../testing/fake-errors';
import { mountOptions } from '../testing/mount-options';
import { useSessionStore } from '../stores/session';
import ErrorsPage from './ErrorsPage.vue';

const rows: ErrorListItem[] = [
  errorItem({ kind: 'conflict', state: 'conflict', recordName: 'Adatum' }),
  errorItem({ kind: 'deleted', state: 'deleted-in-crm', recordName: 'Trey' }),
  ...Array.from({ length: 3 }, (_, i) =>
    errorItem({ kind: 'throttled', state: 'skipped', recordName: `Item ${i}` }),
  ),
];

async function mountPage(role: Role, url = '/') {
  const api = createFakeApi({
    ...fakeErrorsServer({ current: rows }),
    'mappings.list': () => [],
    'actions.removeCoupling': () => ({
      jobId: 'job-7',
      total: 3,
      succeeded: 2,
      failed: 1,
      skipped: 0,
      outcomes: [
        {
          couplingId: rows[2]!.couplingId,
          errorId: rows[2]!.id,
          status: 'failed',
          message: 'CRM answered 503',
        },
      ],
      outcomesTruncated: false,
      jobIds: [],
    }),
  });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'errors', component: ErrorsPage },
      { path: '/errors/:id', name: 'error', component: { render: () => null } },
      { path: '/records/:id', name: 'record', component: { render: () => null } },
    ],
  });
  await router.push(url);
  const pinia = createPinia();
  const options = mountOptions(api, pinia);
  const Host = defineComponent(() => () => [h(RouterView), h(ConfirmDialog), h(Toast)]);
  const wrapper = mount(Host, {
    ...options,
    global: { ...options.global, plugins: [...options.global.plugins, router] },
    attachTo: document.body,
  });
  useSessionStore(pinia).me = meAs(role);
  await flushPromises();
  return { api, router, wrapper };
}

function lastListFilter(api: ReturnType<typeof createFakeApi>) {
  const calls = api.callsTo('errors.list') as Array<{ filter: unknown }>;
  return calls[calls.length - 1]?.filter;
}

describe('the Coupled Data Synchronization Errors page', () => {
  it('loads the filter from the URL and shows a chip with the count of each kind', async () => {
    const { api, wrapper } = await mountPage('operator', '/?kind=throttled&q=Item');
    expect(lastListFilter(api)).toEqual({ kinds: ['throttled'], search: 'Item' });
    expect(wrapper.get('[data-test="kind-chip-throttled"]').text()).toBe('Throttled 3');
    expect(wrapper.get('[data-test="kind-chip-throttled"]').attributes('aria-pressed')).toBe(
      'true',
    );
    expect(wrapper.findAll('[data-test="errors-table"] tbody tr')).toHaveLength(3);
    wrapper.unmount();
  });

  it('writes a changed filter into the URL, so a reload or Back keeps it', async () => {
    const { router, wrapper } = await mountPage('operator');
    await wrapper.get('[data-test="kind-chip-deleted"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ kind: 'deleted' });
    await router.push('/?kind=conflict');
    await flushPromises();
    expect(wrapper.findAll('[data-test="errors-table"] tbody tr')).toHaveLength(1);
    expect(wrapper.text()).toContain('Adatum');
    wrapper.unmount();
  });

  it('removes the coupling of everything matching the filter after a confirmation naming how many', async () => {
    const { api, wrapper } = await mountPage('operator', '/?kind=throttled');
    await wrapper.get('[data-test="errors-table"] thead input[type="checkbox"]').setValue(true);
    await flushPromises();
    // The page holds every match here, so "select all matching" is the page itself.
    expect(wrapper.get('[data-test="selected-count"]').text()).toBe('3 selected');
    await wrapper.get('[data-test="action-remove-coupling"] button').trigger('click');
    await flushPromises();
    expect(document.body.textContent).toContain(
      '3 records of customers ↔ accounts will no longer be coupled or synchronized.',
    );
    document.body.querySelector<HTMLButtonElement>('.p-confirmdialog-accept-button')!.click();
    await flushPromises();
    expect(api.callsTo('actions.removeCoupling')).toEqual([
      { target: { by: 'errors', errorIds: rows.slice(2).map((r) => r.id) } },
    ]);
    expect(document.body.textContent).toContain('Remove coupling: 2 succeeded, 1 failed of 3');
    expect(document.body.textContent).toContain('✗ C10003 Item 0: CRM answered 503');
    // The failed record stays selected so it can be looked at or tried again.
    expect(wrapper.get('[data-test="selected-count"]').text()).toBe('1 selected');
    wrapper.unmount();
  });

  it('shows a viewer every action disabled, with the reason', async () => {
    const { wrapper } = await mountPage('viewer');
    for (const action of ['retry', 'synchronize', 'restore', 'delete', 'remove-coupling']) {
      const button = wrapper.get(`[data-test="action-${action}"]`);
      expect(button.get('button').attributes('disabled'), action).toBeDefined();
      expect(button.attributes('data-disabled-reason')).toBe(
        'Only the operator role or higher may act on records and jobs; you are a viewer.',
      );
    }
    wrapper.unmount();
  });
});
