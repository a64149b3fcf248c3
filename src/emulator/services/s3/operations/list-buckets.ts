import type { ListBucketsCommandInput, ListBucketsCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { invalidArgument } from "../errors.js";
import { ownerOf } from "../identity.js";
import { compareKeys } from "../listing.js";
import { s3Store } from "../store.js";

const MAX_BUCKETS = 10_000;

/** The caller's own buckets in every region, by name; s3:ListAllMyBuckets has no resource type, so "*". */
export const listBuckets = defineOperation<ListBucketsCommandInput, ListBucketsCommandOutput>({
  access: () => ({ action: "s3:ListAllMyBuckets", resource: "*" }),
  handle: (input, ctx) => {
    const limit = input.MaxBuckets ?? MAX_BUCKETS;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_BUCKETS) {
      throw invalidArgument("Argument max-buckets must be an integer between 1 and 10000", "max-buckets", String(input.MaxBuckets));
    }
    const after = input.ContinuationToken === undefined ? undefined : Buffer.from(input.ContinuationToken, "base64url").toString("utf8");
    const owned = [...s3Store(ctx.hub).buckets.values()]
      .filter((b) => b.ownerAccount === ctx.accountId)
      .filter((b) => input.Prefix === undefined || b.name.startsWith(input.Prefix))
      .filter((b) => input.BucketRegion === undefined || b.region === input.BucketRegion)
      .filter((b) => after === undefined || compareKeys(b.name, after) > 0)
      .sort((a, b) => compareKeys(a.name, b.name));
    const page = owned.slice(0, limit);
    const more = owned.length > page.length;
    return {
      Buckets: page.map((b) => ({ Name: b.name, CreationDate: b.creationDate, BucketRegion: b.region, BucketArn: b.arn })),
      Owner: ownerOf(ctx.accountId),
      ...(input.Prefix !== undefined ? { Prefix: input.Prefix } : {}),
      ...(more ? { ContinuationToken: Buffer.from(page.at(-1)!.name).toString("base64url") } : {}),
    };
  },
});
