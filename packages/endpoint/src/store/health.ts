/**
 * Whether the store can write, from what real writes answered (no probe): after the database
 * refuses a write for space, a read-only file or an I/O error, the store is unhealthy until a
 * write transaction commits without such an error. A held lock or a lost connection is not
 * such a refusal: those are `busy` and `unreachable`, which health reports as before.
 */
import { STORAGE_CONDITIONS, StoreUnavailableError, type StorageCondition } from './errors.js';

/** The write the database last refused, while no write has succeeded since. */
export interface StorageFault {
  condition: StorageCondition;
  /** The driver's code (SQLITE_FULL, 53100, …). */
  code: string | undefined;
  /** When the first refusal of this run happened (ISO). */
  since: string;
  /** The operator's words. */
  description: string;
}

export class WriteHealth {
  #fault: StorageFault | undefined;
  /** Bumped by every refusal: a transaction that saw one does not clear the fault when it commits. */
  #faults = 0;

  /** Notes a refusal; answers `error` for throwing on. */
  refused(error: StoreUnavailableError): StoreUnavailableError {
    this.#faults++;
    const condition = error.condition ?? 'out_of_resources';
    this.#fault = { condition, code: error.code, since: this.#fault?.since ?? new Date().toISOString(), description: STORAGE_CONDITIONS[condition] };
    return error;
  }

  /** A mark to pass to {@link committed}. */
  mark(): number {
    return this.#faults;
  }

  /** A write transaction committed: healthy again, unless a refusal happened since `mark`. */
  committed(mark: number): void {
    if (this.#faults === mark) this.#fault = undefined;
  }

  get fault(): StorageFault | undefined {
    return this.#fault;
  }
}
