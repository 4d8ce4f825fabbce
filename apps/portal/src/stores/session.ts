import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { useApi } from '../api/inject';
import type { Me } from '../api/types';
import { permission, type Capability, type Permission } from '../actions/permissions';

/** Who is logged in, their role and CSRF token. The API client reads `csrfToken` from here. */
export const useSessionStore = defineStore('session', () => {
  const api = useApi();
  const me = ref<Me | null>(null);
  /** True once `me` was asked for at least once (so the router knows whether to wait). */
  const checked = ref(false);

  const loggedIn = computed(() => me.value !== null);
  const role = computed(() => me.value?.role ?? null);
  const csrfToken = computed(() => me.value?.csrfToken ?? null);

  async function restore(): Promise<Me | null> {
    try {
      me.value = await api.auth.me.query();
    } catch {
      me.value = null;
    }
    checked.value = true;
    return me.value;
  }

  async function login(username: string, password: string): Promise<Me> {
    const result = await api.auth.login.mutate({ username, password });
    me.value = result;
    checked.value = true;
    return result;
  }

  async function logout(): Promise<void> {
    try {
      await api.auth.logout.mutate({});
    } finally {
      me.value = null;
    }
  }

  function can(capability: Capability): Permission {
    return permission(role.value, capability);
  }

  return { me, checked, loggedIn, role, csrfToken, restore, login, logout, can };
});
