import Aura from '@primeuix/themes/aura';
import { createPinia, type Pinia } from 'pinia';
import PrimeVue from 'primevue/config';
import ConfirmationService from 'primevue/confirmationservice';
import ToastService from 'primevue/toastservice';
import Tooltip from 'primevue/tooltip';
import { createApp, type App, type Plugin } from 'vue';
import { apiKey } from '../api/inject';
import type { FakeApi } from './fake-api';

/** Global mount options for @vue/test-utils: a real pinia, PrimeVue and the fake API. */
export function mountOptions(api: FakeApi, pinia: Pinia = createPinia()) {
  return {
    global: {
      plugins: [
        pinia,
        [PrimeVue, { theme: { preset: Aura }, ripple: false }] as [Plugin, unknown],
        ToastService,
        ConfirmationService,
      ],
      directives: { tooltip: Tooltip },
      provide: { [apiKey as symbol]: api.client },
    },
  };
}

/** A pinia bound to an app that provides the fake API, for store tests without components. */
export function piniaWithApi(api: FakeApi): { pinia: Pinia; app: App } {
  const app = createApp({ render: () => null });
  const pinia = createPinia();
  app.provide(apiKey, api.client);
  app.use(pinia);
  return { pinia, app };
}
