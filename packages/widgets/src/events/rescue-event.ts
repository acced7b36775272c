/** Base of rescuekit's events: bubbles and crosses shadow roots so hosts and analytics hear it. */
export class RescueEvent<T> extends Event {
  constructor(
    type: string,
    readonly detail: T,
  ) {
    super(type, { bubbles: true, composed: true });
  }
}
