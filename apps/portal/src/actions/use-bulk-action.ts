import { useConfirm } from 'primevue/useconfirm';
import { useToast } from 'primevue/usetoast';
import { errorMessage } from '../api/error-message';
import type { ActionResponse, ErrorListItem } from '../api/types';
import { useErrorsStore } from '../stores/errors';
import { actionLabels, type BulkAction } from './action-kinds';
import { describeAction, type ActionScope } from './describe-action';
import { summarizeResult } from './summarize-result';

export function recordLabel(item: ErrorListItem): string {
  return [item.recordNumber, item.recordName].filter(Boolean).join(' ') || item.id;
}

export interface ActionRequest {
  scope: ActionScope;
  /** Error id → record label, for naming failures in the toast. */
  names: ReadonlyMap<string, string>;
  perform: () => Promise<ActionResponse>;
  onDone?: (response: ActionResponse) => void;
}

/** Confirm (saying what happens to how many records in which app) → run → toast with failures. */
export function useActionRunner() {
  const confirm = useConfirm();
  const toast = useToast();

  async function run(action: BulkAction, request: ActionRequest): Promise<void> {
    try {
      const response = await request.perform();
      const result = summarizeResult(action.type, response, request.names);
      toast.add({
        severity: result.severity,
        summary: result.summary,
        detail: result.detail,
        life: result.severity === 'success' ? 5000 : 20000,
      });
      request.onDone?.(response);
    } catch (error) {
      toast.add({
        severity: 'error',
        summary: `${actionLabels[action.type]} failed`,
        detail: errorMessage(error),
        life: 20000,
      });
    }
  }

  function request(action: BulkAction, request: ActionRequest): void {
    if (request.scope.total === 0) return;
    const text = describeAction(action, request.scope);
    confirm.require({
      header: text.header,
      message: text.message,
      icon: text.danger ? 'pi pi-exclamation-triangle' : 'pi pi-question-circle',
      acceptProps: { label: text.acceptLabel, severity: text.danger ? 'danger' : 'primary' },
      rejectProps: { label: 'Cancel', severity: 'secondary', outlined: true },
      accept: () => void run(action, request),
    });
  }

  return { request, run };
}

/** The errors page: actions on the selection or on everything matching the filter. */
export function useBulkAction() {
  const runner = useActionRunner();
  const errors = useErrorsStore();

  function request(action: BulkAction): void {
    if (errors.selectedCount === 0) return;
    runner.request(action, {
      scope: errors.scope(),
      names: new Map(errors.selectedItems.map((i) => [i.id, recordLabel(i)])),
      perform: () => errors.runAction(action),
    });
  }

  return { request };
}
