import { BucketLocationConstraint, type CreateBucketCommandInput, type CreateBucketCommandOutput } from "@aws-sdk/client-s3";
import { AwsError } from "../../../errors.js";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { Bucket } from "../bucket.js";
import { assertValidBucketName } from "../names.js";
import { s3Store } from "../store.js";
import { validTagSet } from "../tag-set.js";

const LOCATION_CONSTRAINTS = new Set<string>(Object.values(BucketLocationConstraint));

/**
 * The bucket's region from its LocationConstraint, as recorded on AWS
 * (localstack tests/aws/services/s3/test_s3.snapshot.json
 * "test_different_location_constraint", "test_create_bucket_with_invalid_location_constraint",
 * "test_create_bucket_with_existing_name"): a request signed for us-east-1 (the
 * global endpoint) creates the bucket in whichever region a valid constraint
 * names, none means us-east-1, and "us-east-1" itself or an unknown value is
 * InvalidLocationConstraint; any other region's endpoint takes only its own
 * region ("EU" is eu-west-1) and answers anything else, unknown values
 * included, with IllegalLocationConstraintException.
 */
function regionFor(constraint: string | undefined, requestRegion: string): string {
  const given = constraint !== undefined && constraint !== "";
  if (requestRegion === "us-east-1") {
    if (!given) return "us-east-1";
    if (!LOCATION_CONSTRAINTS.has(constraint)) {
      throw new AwsError("InvalidLocationConstraint", "The specified location-constraint is not valid", {
        status: 400,
        fields: { LocationConstraint: constraint },
      });
    }
    return constraint === "EU" ? "eu-west-1" : constraint;
  }
  if (!given) throw illegalConstraint("unspecified");
  const region = constraint === "EU" ? "eu-west-1" : constraint;
  if (region !== requestRegion || !LOCATION_CONSTRAINTS.has(constraint)) throw illegalConstraint(constraint);
  return region;
}

function illegalConstraint(constraint: string): AwsError {
  return new AwsError(
    "IllegalLocationConstraintException",
    `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    { status: 400 },
  );
}

export const createBucket = defineOperation<CreateBucketCommandInput, CreateBucketCommandOutput>({
  access: (input) => bucketAccess("CreateBucket", input.Bucket),
  handle: (input, ctx) => {
    const name = input.Bucket ?? "";
    assertValidBucketName(name);
    const region = regionFor(input.CreateBucketConfiguration?.LocationConstraint, ctx.region);
    const requestedTags = input.CreateBucketConfiguration?.Tags;
    const tags = requestedTags === undefined ? [] : validTagSet(requestedTags, "new-bucket");
    const store = s3Store(ctx.hub);
    const existing = store.buckets.get(name);
    if (existing && existing.ownerAccount !== ctx.accountId) {
      throw new AwsError(
        "BucketAlreadyExists",
        "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
        { status: 409, fields: { BucketName: name } },
      );
    }
    if (existing) {
      // Legacy us-east-1 behaviour: re-creating your own bucket there succeeds, leaving its tags
      // alone, unless the request brings tags (test_s3_api.snapshot.json
      // "test_create_bucket_with_tags_us_east_1_idempotency").
      if (existing.region === "us-east-1" && region === "us-east-1" && tags.length === 0) return { Location: `/${name}`, BucketArn: existing.arn };
      throw new AwsError("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", {
        status: 409,
        fields: { BucketName: name },
      });
    }
    const bucket = new Bucket(name, ctx.accountId, region, new Date(ctx.hub.clock.now()), ctx.hub.random);
    // Object Lock needs versioning, so S3 turns it on with the lock.
    if (input.ObjectLockEnabledForBucket) bucket.versioning = "Enabled";
    bucket.locationConstraint = region === "us-east-1" ? undefined : input.CreateBucketConfiguration?.LocationConstraint;
    if (tags.length > 0) bucket.tags = tags;
    store.buckets.set(name, bucket);
    return { Location: region === "us-east-1" ? `/${name}` : `http://${name}.s3.amazonaws.com/`, BucketArn: bucket.arn };
  },
});
