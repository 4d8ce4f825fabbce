import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { ErrorListItem, ErrorSort } from '../api/types';
import { errorItem } from '../testing/builders';
import ErrorsTable from './ErrorsTable.vue';

const rows: ErrorListItem[] = [
  errorItem({ recordNumber: 'C1', recordName: 'Adatum', state: 'failed', kind: 'validation' }),
  errorItem({ recordNumber: 'C2', recordName: 'Trey', state: 'conflict' }),
  errorItem({ recordNumber: 'C3', recordName: 'Coho', state: 'skipped', couplingId: null }),
];

function mountTable(
  props: Partial<{
    items: ErrorListItem[];
    selectedIds: Set<string>;
    loading: boolean;
    sort: ErrorSort;
    order: 'asc' | 'desc';
  }> = {},
) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => null } },
      { path: '/errors/:id', name: 'error', component: { render: () => null } },
    ],
  });
  return mount(ErrorsTable, {
    props: {
      items: rows,
      selectedIds: new Set<string>(),
      loading: false,
      sort: 'lastSeenAt',
      order: 'desc' as const,
      ...props,
    },
    slots: { empty: 'Nothing here' },
    global: { plugins: [router] },
  });
}

const bodyRows = (wrapper: ReturnType<typeof mountTable>) => wrapper.findAll('tbody tr');

describe('the errors table', () => {
  it('shows one row per error, with its index for the keyboard and a link to its detail', () => {
    const wrapper = mountTable();
    expect(bodyRows(wrapper)).toHaveLength(3);
    const first = bodyRows(wrapper)[0]!;
    expect(first.attributes('data-p-index')).toBe('0');
    expect(first.attributes('tabindex')).toBe('0');
    expect(first.text()).toContain('C1 Adatum');
    expect(first.text()).toContain('Invalid data');
    expect(first.get('.state-tag').classes()).toContain('danger');
    expect(first.get('a').attributes('href')).toBe(`/errors/${rows[0]!.id}`);
  });

  it('selects a row, and the header box selects or clears the whole page', async () => {
    const wrapper = mountTable({ selectedIds: new Set([rows[1]!.id]) });
    const header = wrapper.get<HTMLInputElement>('thead input[type="checkbox"]');
    expect(header.element.indeterminate).toBe(true);
    expect(header.element.checked).toBe(false);

    await bodyRows(wrapper)[0]!.get('input[type="checkbox"]').setValue(true);
    expect(wrapper.emitted('select')?.at(-1)).toEqual([[rows[1], rows[0]]]);
    await bodyRows(wrapper)[1]!.get('input[type="checkbox"]').setValue(false);
    expect(wrapper.emitted('select')?.at(-1)).toEqual([[]]);

    await header.setValue(true);
    expect(wrapper.emitted('select')?.at(-1)).toEqual([rows]);
    await wrapper.setProps({ selectedIds: new Set(rows.map((r) => r.id)) });
    expect(header.element.checked).toBe(true);
    expect(header.element.indeterminate).toBe(false);
    await header.setValue(false);
    expect(wrapper.emitted('select')?.at(-1)).toEqual([[]]);
  });

  it('sorts by a new column in its natural order first, then flips the current one', async () => {
    const wrapper = mountTable({ sort: 'lastSeenAt', order: 'desc' });
    const header = (label: string) => wrapper.findAll('th').find((th) => th.text() === label)!;
    expect(header('Last seen').attributes('aria-sort')).toBe('descending');
    expect(header('Record').attributes('aria-sort')).toBeUndefined();
    expect(header('Mapping').find('button').exists()).toBe(false);

    await header('Record').get('button').trigger('click');
    expect(wrapper.emitted('sort')?.at(-1)).toEqual(['recordName', 'asc']);
    await header('Seen').get('button').trigger('click');
    expect(wrapper.emitted('sort')?.at(-1)).toEqual(['occurrenceCount', 'desc']);
    await header('Last seen').get('button').trigger('click');
    expect(wrapper.emitted('sort')?.at(-1)).toEqual(['lastSeenAt', 'asc']);
  });

  it('opens the log of a coupled record; an uncoupled one has no log to open', async () => {
    const wrapper = mountTable();
    await bodyRows(wrapper)[0]!.get('button.log').trigger('click');
    expect(wrapper.emitted('openLog')).toEqual([[rows[0]]]);
    expect(bodyRows(wrapper)[2]!.get('button.log').attributes('disabled')).toBeDefined();
  });

  it('shows the empty text only when nothing is loading', async () => {
    const wrapper = mountTable({ items: [], loading: true });
    expect(wrapper.text()).not.toContain('Nothing here');
    expect(wrapper.get('.errors-table').attributes('aria-busy')).toBe('true');
    await wrapper.setProps({ loading: false });
    expect(wrapper.text()).toContain('Nothing here');
    expect(wrapper.get<HTMLInputElement>('thead input').element.disabled).toBe(true);
  });
});
