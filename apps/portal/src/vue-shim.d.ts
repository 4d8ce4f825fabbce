// For ESLint's type-aware rules, which read .ts files only; vue-tsc resolves the real .vue files.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
