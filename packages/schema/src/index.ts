export * from './money.js';
export * from './contracts.js';
export * from './checkout.js';
export * from './campaign-tree.js';
export * from './currencies.js';
export * from './giving-day.js';
export * from './match-rule.js';
