import { flushPromises, mount } from '@vue/test-utils';
import ConfirmDialog from 'primevue/confirmdialog';
import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import type { ErrorDetail } from '../api/types';
import { permission } from '../actions/permissions';
import { errorItem } from '../testing/builders';
import { createFakeApi } from '../testing/fake-api';
import { mountOptions } from '../testing/mount-options';
import ConflictResolver from './ConflictResolver.vue';

function conflictDetail(): ErrorDetail {
  return {
    ...errorItem({ id: 'err-1', couplingId: 'cpl-1', recordName: 'Adatum' }),
    details: null,
    occurrences: [],
    fields: [
      // ERP changed the name, the CRM the city, both the phone; email is the same everywhere.
      field('name', 'Adatum', 'Adatum Corp.', 'Adatum', true, false),
      field('city', 'Atlanta', 'Atlanta', 'Seattle', false, true),
      field('phone', '555-0100', '555-0199', '555-0142', true, true),
      field('email', 'a@x.test', 'a@x.test', 'a@x.test', false, false),
    ],
  };
}

function field(name: string, base: string, erp: string, crm: string, e: boolean, c: boolean) {
  return { field: name, base, erp, crm, erpChanged: e, crmChanged: c, differs: erp !== crm };
}

function mountResolver(role: 'operator' | 'viewer' = 'operator') {
  const api = createFakeApi({
    'actions.previewSynchronize': (input) => ({
      couplingId: input.couplingId,
      fields: [
        {
          field: 'phone',
          base: '555-0100',
          erp: '555-0199',
          crm: '555-0142',
          result: '555-0142',
          erpChanges: true,
          crmChanges: false,
        },
      ],
    }),
    'actions.synchronize': () => ({
      jobId: 'job-1',
      total: 1,
      succeeded: 1,
      failed: 0,
      skipped: 0,
      outcomes: [],
      outcomesTruncated: false,
      jobIds: [],
    }),
  });
  // The confirmation is the app's ConfirmDialog, so the test mounts one next to the resolver.
  const Host = defineComponent(() => () => [
    h(ConflictResolver, {
      detail: conflictDetail(),
      permission: permission(role, 'act'),
      unavailable: null,
    }),
    h(ConfirmDialog),
  ]);
  const wrapper = mount(Host, { ...mountOptions(api), attachTo: document.body });
  return { api, wrapper };
}

const applyButton = (w: ReturnType<typeof mountResolver>['wrapper']) =>
  w.get('[data-test="apply-merge"] button');

describe('ConflictResolver', () => {
  it('shows ERP, base and CRM side by side and highlights what changed on each side', () => {
    const { wrapper } = mountResolver();
    const name = wrapper.get('[data-field="name"]');
    const cells = name.findAll('th, td');
    expect(cells.map((c) => c.text()).slice(0, 4)).toEqual([
      'name',
      'Adatum Corp.',
      'Adatum',
      'Adatum',
    ]);
    expect(cells[1]?.classes()).toContain('changed');
    expect(cells[3]?.classes()).not.toContain('changed');
    expect(wrapper.get('[data-field="city"]').findAll('th, td')[3]?.classes()).toContain('changed');
    expect(wrapper.get('[data-field="email"]').text()).toContain('same');
  });

  it('picks the side that changed and waits for a choice where both changed', () => {
    const { wrapper } = mountResolver();
    expect(applyButton(wrapper).attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-test="apply-merge"]').attributes('data-disabled-reason')).toBe(
      'Choose a winner for phone',
    );
    expect(wrapper.get('[data-test="choice-summary"]').text()).toBe(
      'The CRM gets name from the ERP; the ERP gets city from the CRM. Fields not listed stay as they are in both apps.',
    );
  });

  it('sends a per-field choice when the winners differ, after a confirmation', async () => {
    const { api, wrapper } = mountResolver();
    const phoneCrm = wrapper
      .get('[data-field="phone"]')
      .findAll('button')
      .find((b) => b.text() === 'CRM');
    await phoneCrm!.trigger('click');
    await wrapper.get('[data-test="preview"] ').trigger('click');
    await flushPromises();
    expect(api.callsTo('actions.previewSynchronize')).toEqual([
      { couplingId: 'cpl-1', choice: { fields: { name: 'erp', city: 'crm', phone: 'crm' } } },
    ]);
    expect(wrapper.get('[data-field="phone"]').text()).toContain('→ ERP');

    await applyButton(wrapper).trigger('click');
    await flushPromises();
    expect(api.callsTo('actions.synchronize')).toEqual([]);
    expect(document.body.textContent).toContain(
      'The CRM gets name from the ERP; the ERP gets city, phone from the CRM.',
    );
    document.body.querySelector<HTMLButtonElement>('.p-confirmdialog-accept-button')!.click();
    await flushPromises();
    expect(api.callsTo('actions.synchronize')).toEqual([
      {
        target: { by: 'errors', errorIds: ['err-1'] },
        choice: { fields: { name: 'erp', city: 'crm', phone: 'crm' } },
      },
    ]);
    wrapper.unmount();
  });

  it('sends one winner for the whole record when every field goes the same way', async () => {
    const { wrapper } = mountResolver();
    await wrapper.get('[data-test="erp-wins-all"]').trigger('click');
    expect(wrapper.get('[data-test="choice-summary"]').text()).toBe(
      'The CRM gets name, city, phone from the ERP. Fields not listed stay as they are in both apps.',
    );
    expect(applyButton(wrapper).attributes('disabled')).toBeUndefined();
    wrapper.unmount();
  });

  it('disables Apply for a viewer and says why', async () => {
    const { wrapper } = mountResolver('viewer');
    await wrapper.get('[data-test="erp-wins-all"]').trigger('click');
    expect(applyButton(wrapper).attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-test="apply-merge"]').attributes('data-disabled-reason')).toMatch(
      /Only the operator role or higher may act on records and jobs; you are a viewer/,
    );
    wrapper.unmount();
  });
});
