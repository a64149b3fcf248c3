/**
 * S3's state: one global bucket namespace shared by every account and
 * region (per partition), as on AWS. Each bucket remembers its owner account
 * and region.
 */
import { AwsError } from "../../errors.js";
import type { EmulatorRuntime } from "../../runtime.js";
import type { OperationContext } from "../service.js";
import { Bucket } from "./bucket.js";
import { accessDenied, noSuchBucket } from "./errors.js";

export class S3Store {
  readonly buckets = new Map<string, Bucket>();
  private deliveries: Promise<void> = Promise.resolve();

  /**
   * Runs event deliveries one after another, each after the current HTTP
   * response has gone out (setImmediate), so destinations see events in the
   * order they happened. `delivery` handles its own failures.
   */
  enqueueDelivery(delivery: () => Promise<void>): void {
    this.deliveries = this.deliveries
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(delivery)
      // One delivery going wrong must not hold up the ones queued behind it.
      .catch(() => undefined);
  }

  /** Resolves once every delivery enqueued so far has finished (tests wait on it instead of sleeping). */
  deliveriesSettled(): Promise<void> {
    return this.deliveries;
  }
}

export function s3Store(runtime: EmulatorRuntime): S3Store {
  return runtime.globalState("s3", () => new S3Store());
}

export interface BucketLookup {
  /** x-amz-expected-bucket-owner: refuse when the bucket belongs to another account. */
  expectedOwner?: string;
  /** GetBucketLocation and copy sources work from any region; everything else is redirected. */
  anyRegion?: boolean;
}

/** The bucket an operation addresses, or the error S3 answers when it cannot be used from here. */
export function requireBucket(ctx: OperationContext, name: string | undefined, lookup: BucketLookup = {}): Bucket {
  const bucket = name === undefined ? undefined : s3Store(ctx.emulator).buckets.get(name);
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
