/**
 * Consumer `audit`: records who did what and when from the S3 event itself
 * (name, time, principal, source IP, sequencer, version), after a HeadObject
 * for the poison marker.
 */
import type { SQSHandler } from "aws-lambda";
import { createConsumerHandler, type Consumer } from "../shared/consumer.js";
import { assertObjectNotPoisoned } from "../shared/poison.js";
import { s3ObjectStore } from "../shared/s3-object-store.js";

export const auditConsumer: Consumer = {
  name: "audit",
  async describeObject(event, store) {
    assertObjectNotPoisoned(await store.head(event.bucket, event.key), event.key);
    return {
      audit: {
        eventName: event.eventName,
        eventTime: event.eventTime,
        principalId: event.principalId,
        sourceIp: event.sourceIp,
        sequencer: event.sequencer,
        ...(event.versionId ? { versionId: event.versionId } : {}),
      },
    };
  },
};

export const handler: SQSHandler = createConsumerHandler(auditConsumer, { store: s3ObjectStore() });
