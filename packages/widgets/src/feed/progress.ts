import { progressCheck } from '@rescuekit/schema/progress-check';

/**
 * A progress document as the thermometer's first paint reads it: the contract's required fields
 * only. Optional fields are dropped (never passed on unchecked); an element that reads one builds
 * its own check naming it (`progressCheck` from `@rescuekit/schema/progress-check`), so what each
 * element keeps is written beside it, not decided by which modules happen to be on the page.
 */
export const parseProgress = progressCheck();
