import type {
  PutBucketNotificationConfigurationCommandInput,
  PutBucketNotificationConfigurationCommandOutput,
} from "@aws-sdk/client-s3";
import { defineOperation } from "../../service.js";
import { bucketAccess } from "../access.js";
import { normaliseConfiguration, rulesOf } from "../notifications/configuration.js";
import { validateDestinations, type Destination } from "../notifications/destinations.js";
import { testEvent } from "../notifications/event-records.js";
import { eventRequestOf } from "../notifications/notifier.js";
import { requireBucket } from "../store.js";

/**
 * Replaces the bucket's whole notification configuration (an empty one
 * clears it). Unless x-amz-skip-destination-validation is set, every
 * destination must exist and accept the s3:TestEvent first (§2.5, §2.6).
 */
export const putBucketNotificationConfiguration = defineOperation<
  PutBucketNotificationConfigurationCommandInput,
  PutBucketNotificationConfigurationCommandOutput
>({
  access: (input) => bucketAccess("PutBucketNotification", input.Bucket),
  handle: async (input, ctx) => {
    const bucket = requireBucket(ctx, input.Bucket, { expectedOwner: input.ExpectedBucketOwner });
    const configuration = normaliseConfiguration(input.NotificationConfiguration, bucket.region, ctx.hub.random);
    if (!input.SkipDestinationValidation) {
      const destinations = new Map<string, Destination>();
      for (const rule of rulesOf(configuration)) destinations.set(`${rule.kind} ${rule.destinationArn}`, { kind: rule.kind, arn: rule.destinationArn });
      await validateDestinations(ctx.hub, bucket, [...destinations.values()], testEvent(bucket, eventRequestOf(ctx)));
    }
    bucket.notifications = configuration;
    return {};
  },
});
