// custom-elements.json for @rescuekit/widgets, generated from the classes' JSDoc.
// Storybook docs and editor completion read it; nothing is written by hand.
export default {
  globs: ['packages/widgets/src/**/*.ts'],
  exclude: ['**/*.test.ts', '**/*.stories.ts', 'packages/widgets/src/define/**', 'packages/widgets/src/all.ts'],
  outdir: 'packages/widgets',
  litelement: true,
  packagejson: false,
};
