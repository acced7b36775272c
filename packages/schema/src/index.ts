export * from './money.js';
export * from './contracts.js';
