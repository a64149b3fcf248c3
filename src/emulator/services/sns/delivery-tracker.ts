/**
 * Deliveries run after Publish has answered, as on AWS. The tracker keeps the
 * ones in flight so that shutdown, and tests, can wait for them to finish
 * instead of sleeping.
 */
export class DeliveryTracker {
  private readonly inFlight = new Set<Promise<void>>();

  /** Runs `deliver` on a later turn of the event loop; `deliver` reports its own failures. */
  schedule(deliver: () => Promise<void>): void {
    const delivery: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(deliver)
      .finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  /** Resolves once every delivery scheduled so far, and any they scheduled, has finished. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
