import { defineConfig } from 'vite';

// `npm run example:react` (after `npm start` in another terminal): Vite's dev server,
// with the endpoint's routes proxied so the widgets call the same origin.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '/v1': 'http://localhost:8787' } },
});
