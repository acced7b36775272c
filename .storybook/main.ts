import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/web-components-vite';

const src = (path: string) => fileURLToPath(new URL(`../packages/${path}`, import.meta.url));

const config: StorybookConfig = {
  framework: '@storybook/web-components-vite',
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  core: { disableTelemetry: true },
  viteFinal(vite) {
    vite.resolve ??= {};
    vite.resolve.alias = {
      ...(vite.resolve.alias as Record<string, string> | undefined),
      // The longer specifier first: an alias also matches as a prefix.
      '@rescuekit/schema/progress-check': src('schema/src/progress-check.ts'),
      '@rescuekit/schema': src('schema/src/index.ts'),
      '@rescuekit/widgets': src('widgets/src/index.ts'),
    };
    return vite;
  },
};

export default config;
