/**
 * S3's state: one global bucket namespace shared by every account and
 * region (per partition), as on AWS. Each bucket remembers its owner account
 * and region.
 */
import { ServiceState } from "../service-state.js";
import { AwsError } from "../../errors.js";
import type { ServiceHub } from "../service.js";
import type { OperationContext } from "../service.js";
import { Bucket } from "./bucket.js";
import { accessDenied, noSuchBucket } from "./errors.js";

/**
 * Deliveries in flight at once. S3 does not promise that notifications arrive
 * in the order of the changes (§2.7: consumers order events for one key by
 * their sequencer), so a burst of uploads need not wait for one publish at a time;
 * the bound keeps a large burst from starting thousands of calls at once.
 */
const MAX_DELIVERIES_IN_FLIGHT = 32;

export class S3Store {
  readonly buckets = new Map<string, Bucket>();
  private readonly waiting: (() => Promise<void>)[] = [];
  private nextWaiting = 0;
  private inFlight = 0;
  private startScheduled = false;
  private settledWaiters: (() => void)[] = [];

  /**
   * Runs an event delivery after the current HTTP response has gone out
   * (setImmediate). Deliveries start in the order the events happened and
   * overlap, up to MAX_DELIVERIES_IN_FLIGHT. `delivery` handles its own failures.
   */
  enqueueDelivery(delivery: () => Promise<void>): void {
    this.waiting.push(delivery);
    if (this.startScheduled) return;
    this.startScheduled = true;
    setImmediate(() => {
      this.startScheduled = false;
      this.startWaiting();
    });
  }

  /** Resolves once every delivery enqueued so far has finished (tests wait on it instead of sleeping). */
  deliveriesSettled(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  private startWaiting(): void {
    while (this.inFlight < MAX_DELIVERIES_IN_FLIGHT && this.nextWaiting < this.waiting.length) {
      const delivery = this.waiting[this.nextWaiting++]!;
      this.inFlight++;
      void delivery()
        // One delivery going wrong must not hold up the others.
        .catch(() => undefined)
        .finally(() => {
          this.inFlight--;
          this.startWaiting();
          this.notifyIfSettled();
        });
    }
    if (this.nextWaiting === this.waiting.length) {
      this.waiting.length = 0;
      this.nextWaiting = 0;
    }
  }

  private isIdle(): boolean {
    return this.inFlight === 0 && this.nextWaiting === this.waiting.length && !this.startScheduled;
  }

  private notifyIfSettled(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.settledWaiters.splice(0)) resolve();
  }
}

const buckets = new ServiceState<S3Store>("S3 buckets");

export function s3Store(hub: ServiceHub): S3Store {
  return buckets.global(hub, () => new S3Store());
}

export interface BucketLookup {
  /** x-amz-expected-bucket-owner: refuse when the bucket belongs to another account. */
  expectedOwner?: string;
  /** GetBucketLocation and copy sources work from any region; everything else is redirected. */
  anyRegion?: boolean;
}

/** The bucket an operation addresses, or the error S3 answers when it cannot be used from here. */
export function requireBucket(ctx: OperationContext, name: string | undefined, lookup: BucketLookup = {}): Bucket {
  const bucket = name === undefined ? undefined : s3Store(ctx.hub).buckets.get(name);
  if (!bucket) throw noSuchBucket(name ?? "");
  if (lookup.expectedOwner !== undefined && lookup.expectedOwner !== bucket.ownerAccount) throw accessDenied();
  if (!lookup.anyRegion && bucket.region !== ctx.region) throw wrongRegion(bucket);
  return bucket;
}

/** A request signed for another region than the bucket's: 301 with the bucket's region (clients may follow it). */
function wrongRegion(bucket: Bucket): AwsError {
  return new AwsError(
    "PermanentRedirect",
    "The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.",
    {
      status: 301,
      fields: { Bucket: bucket.name, Endpoint: `s3.${bucket.region}.amazonaws.com` },
      headers: { "x-amz-bucket-region": bucket.region },
    },
  );
}
