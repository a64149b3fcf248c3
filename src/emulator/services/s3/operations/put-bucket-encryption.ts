import type { PutBucketEncryptionCommandInput, PutBucketEncryptionCommandOutput } from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { invalidArgument, malformedXml } from "../errors.js";
import { requireBucket } from "../store.js";

const ALGORITHMS = new Set<string>(["AES256", "aws:kms", "aws:kms:dsse"]);

/** One rule: SSE-S3 (AES256) or SSE-KMS; a KMS key id only goes with aws:kms. */
export const putBucketEncryption = defineOperation<PutBucketEncryptionCommandInput, PutBucketEncryptionCommandOutput>({
  access: (input) => bucketAccess("PutEncryptionConfiguration", input.Bucket),
  handle: (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const rules = input.ServerSideEncryptionConfiguration?.Rules ?? [];
    if (rules.length !== 1) throw malformedXml();
    const byDefault = rules[0]!.ApplyServerSideEncryptionByDefault;
    const algorithm = byDefault?.SSEAlgorithm;
    if (!byDefault || algorithm === undefined || !ALGORITHMS.has(algorithm)) throw malformedXml();
    if (byDefault.KMSMasterKeyID !== undefined && algorithm === "AES256") {
      throw invalidArgument(
        "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse",
        "ApplyServerSideEncryptionByDefault",
      );
    }
    bucket.encryption = {
      Rules: [{ ApplyServerSideEncryptionByDefault: { ...byDefault }, BucketKeyEnabled: rules[0]!.BucketKeyEnabled ?? false }],
    };
    return {};
  },
});
