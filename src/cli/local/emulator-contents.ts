/**
 * What a running emulator holds, for `eda local stop` to say what stopping
 * loses (its state lives in memory only). Read through the S3 API as the
 * emulator's default user: every eda stack has a bucket tagged with its
 * name, so the buckets name the stacks; other buckets are counted as well.
 */
import { GetBucketTaggingCommand, ListBucketsCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { createAwsClients, destroyAwsClients, LOCAL_CREDENTIALS } from "../../core/clients.js";
import { LOCAL_DEFAULT_REGION } from "../../core/command-line.js";
import { isAwsError } from "../../core/aws-errors.js";
import { STACK_TAG_KEY } from "../../core/stack/config.js";
import { counted } from "../../core/wording.js";

export interface HeldBucket {
  name: string;
  /** The eda stack the bucket belongs to (its eda:stack tag). */
  stack?: string;
  /** Up to 1000: more is reported as "1000+". */
  objects: number;
}

const COUNT_LIMIT = 1000;

export async function bucketsHeld(endpoint: string, signal?: AbortSignal): Promise<HeldBucket[]> {
  const clients = createAwsClients({ region: LOCAL_DEFAULT_REGION, endpoint, local: true }, LOCAL_CREDENTIALS);
  try {
    const { Buckets: buckets = [] } = await clients.s3.send(new ListBucketsCommand({}), { abortSignal: signal });
    return await Promise.all(
      buckets.map(async ({ Name: name = "" }) => {
        const [tags, listing] = await Promise.all([
          clients.s3.send(new GetBucketTaggingCommand({ Bucket: name }), { abortSignal: signal }).catch((error: unknown) => {
            if (isAwsError(error, "NoSuchTagSet")) return { TagSet: [] };
            throw error;
          }),
          clients.s3.send(new ListObjectsV2Command({ Bucket: name, MaxKeys: COUNT_LIMIT }), { abortSignal: signal }),
        ]);
        const stack = tags.TagSet?.find((tag) => tag.Key === STACK_TAG_KEY)?.Value;
        return { name, ...(stack ? { stack } : {}), objects: listing.KeyCount ?? 0 };
      }),
    );
  } finally {
    destroyAwsClients(clients);
  }
}

/** "stack eda-demo (5 objects) and 1 other bucket", or undefined when the emulator holds no bucket. */
export function describeHeld(buckets: readonly HeldBucket[]): string | undefined {
  if (buckets.length === 0) return undefined;
  const objects = (bucket: HeldBucket) => (bucket.objects >= COUNT_LIMIT ? `${COUNT_LIMIT}+ objects` : counted(bucket.objects, "object"));
  const stacks = buckets.filter((bucket) => bucket.stack !== undefined).map((bucket) => `${bucket.stack} (${objects(bucket)} in its bucket)`);
  const others = buckets.filter((bucket) => bucket.stack === undefined).length;
  const parts = [
    ...(stacks.length > 0 ? [`${stacks.length === 1 ? "stack" : "stacks"} ${stacks.join(", ")}`] : []),
    ...(others > 0 ? [counted(others, stacks.length > 0 ? "other bucket" : "bucket", stacks.length > 0 ? "other buckets" : "buckets")] : []),
  ];
  return parts.join(" and ");
}
