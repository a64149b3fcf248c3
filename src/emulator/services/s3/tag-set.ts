/**
 * S3's tag sets on buckets and objects: the rules PutBucketTagging,
 * PutObjectTagging and the x-amz-tagging header share, as recorded on AWS
 * (localstack tests/aws/services/s3/test_s3_api.snapshot.json
 * "TestS3BucketObjectTagging::test_tagging_validation", "test_object_tagging_exc",
 * "test_put_object_with_tags").
 */
import type { Tag } from "@aws-sdk/client-s3";
import { AwsError } from "../../errors.js";
import { invalidArgument } from "./errors.js";

/** CreateBucket's tags are a bucket's tag set with a wording of their own for `aws:` keys. */
export type TagTarget = "bucket" | "object" | "new-bucket";

/** Buckets take 50 tags, objects 10 (S3 User Guide, "Categorizing your storage using tags"). */
const MAX_TAGS: Record<TagTarget, number> = { bucket: 50, "new-bucket": 50, object: 10 };

/** Letters, spaces, digits and `_ . : / = + - @` (the AWS tag character set); a comma is refused. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** The answer for an `aws:` key differs by operation: recorded per target. */
const SYSTEM_TAG_MESSAGE: Record<TagTarget, string> = {
  bucket: "System tags cannot be added/updated by requester",
  // test_s3_api.snapshot.json "test_create_bucket_with_tags_exc" "tags-key-aws-prefix" (no TagKey element)
  "new-bucket": 'User-defined tag keys can\'t start with "aws:". This prefix is reserved for system tags. Remove "aws:" from your tag keys and try again.',
  object: "Your TagKey cannot be prefixed with aws:",
};

const TAGGING_HEADER_MESSAGE =
  "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.";

function invalidTag(message: string, fields: Record<string, string>): AwsError {
  return new AwsError("InvalidTag", message, { status: 400, fields });
}

/** Checks a tag set and returns it as stored (a copy). Keys 1-128 characters, values 0-256. */
export function validTagSet(tags: readonly Tag[], target: TagTarget): Tag[] {
  if (tags.length > MAX_TAGS[target]) {
    throw new AwsError("BadRequest", `Object tags cannot be greater than ${MAX_TAGS[target]}`, { status: 400 });
  }
  const keys = new Set<string>();
  for (const tag of tags) {
    const key = tag.Key ?? "";
    const value = tag.Value ?? "";
    if (key.length === 0 || key.length > 128 || !TAG_CHARACTERS.test(key)) {
      throw invalidTag("The TagKey you have provided is invalid", { TagKey: key });
    }
    if (value.length > 256 || !TAG_CHARACTERS.test(value)) {
      throw invalidTag("The TagValue you have provided is invalid", { TagKey: key, TagValue: value });
    }
    if (key.toLowerCase().startsWith("aws:")) throw invalidTag(SYSTEM_TAG_MESSAGE[target], target === "new-bucket" ? {} : { TagKey: key });
    if (keys.has(key)) throw invalidTag("Cannot provide multiple Tags with the same key", { TagKey: key });
    keys.add(key);
  }
  return tags.map((tag) => ({ Key: tag.Key ?? "", Value: tag.Value ?? "" }));
}

/**
 * The x-amz-tagging header of PutObject, CopyObject and CreateMultipartUpload:
 * URL query parameters (`a=1&b=`, a name alone is a tag with an empty value,
 * empty parameters are skipped). Duplicate names and characters tags may not
 * hold answer InvalidArgument naming the header.
 */
export function tagsFromHeader(header: string | undefined): Tag[] | undefined {
  if (header === undefined) return undefined;
  const tags: Tag[] = [];
  const names = new Set<string>();
  for (const [key, value] of new URLSearchParams(header)) {
    if (names.has(key)) throw invalidArgument(TAGGING_HEADER_MESSAGE, "x-amz-tagging", header);
    names.add(key);
    tags.push({ Key: key, Value: value });
  }
  // An `aws:` key is refused as PutObjectTagging refuses it; any other fault names the header.
  const systemTag = tags.find((tag) => tag.Key!.toLowerCase().startsWith("aws:"));
  if (systemTag) throw invalidTag(SYSTEM_TAG_MESSAGE.object, { TagKey: systemTag.Key! });
  try {
    return validTagSet(tags, "object");
  } catch (error) {
    if (error instanceof AwsError && error.code === "InvalidTag") throw invalidArgument(TAGGING_HEADER_MESSAGE, "x-amz-tagging", header);
    throw error;
  }
}
