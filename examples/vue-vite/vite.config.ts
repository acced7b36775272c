import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

/** rescuekit's tags are custom elements, not Vue components. */
const isRescuekitTag = (tag: string) => ['rescue-thermometer', 'nine-lives-picker', 'monthly-ally-signup', 'rescue-donate-button', 'rescue-leaderboard'].includes(tag);

// `npm run example:vue` (after `npm start` in another terminal): Vite's dev server,
// with the endpoint's routes proxied so the widgets call the same origin.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [vue({ template: { compilerOptions: { isCustomElement: isRescuekitTag } } })],
  server: { proxy: { '/v1': 'http://localhost:8787' } },
});
