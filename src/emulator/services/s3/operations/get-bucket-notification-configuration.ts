import type {
  GetBucketNotificationConfigurationCommandInput,
  GetBucketNotificationConfigurationCommandOutput,
} from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { requireBucket } from "../store.js";

export const getBucketNotificationConfiguration = defineOperation<
  GetBucketNotificationConfigurationCommandInput,
  GetBucketNotificationConfigurationCommandOutput
>({
  access: (input) => bucketAccess("GetBucketNotification", input.Bucket),
  handle: (input, ctx) => requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner }).notifications,
});
