/**
 * A bounded queue for CPU-heavy renders: at most `concurrency` run at once and `capacity` wait;
 * beyond that the caller is refused at once (the route answers 503 with Retry-After), so a crowd
 * of image requests cannot keep every core busy drawing.
 */
export class RenderQueueFullError extends Error {
  constructor() {
    super('too many share images are being drawn; try again shortly');
    this.name = 'RenderQueueFullError';
  }
}

export class RenderQueue {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly concurrency: number, readonly capacity: number) {}

  /** Runs `task` when a slot is free; rejects with {@link RenderQueueFullError} when too many wait. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.concurrency) {
      if (this.#waiting.length >= this.capacity) throw new RenderQueueFullError();
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next(); // the slot passes to the next task
      else this.#running--;
    }
  }

  /** Renders running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }
}
