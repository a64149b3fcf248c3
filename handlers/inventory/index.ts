/**
 * Consumer `inventory`: reads each uploaded object (GetObject) and records its
 * size, content type, ETag, SHA-256 and, for text, line and word counts.
 */
import type { SQSHandler } from "aws-lambda";
import { createConsumerHandler, type Consumer } from "../shared/consumer.js";
import { assertObjectNotPoisoned } from "../shared/poison.js";
import { s3ObjectStore } from "../shared/s3-object-store.js";
import { measureContent } from "./content-stats.js";

export const inventoryConsumer: Consumer = {
  name: "inventory",
  async describeObject(event, store) {
    // The current object, not the event's version: removing the poison marker must let a redrive succeed.
    return store.read(event.bucket, event.key, async (head, body) => {
      assertObjectNotPoisoned(head, event.key);
      const stats = await measureContent(body, head.contentType);
      return { inventory: { contentType: head.contentType, eTag: head.eTag, ...stats } };
    });
  },
};

export const handler: SQSHandler = createConsumerHandler(inventoryConsumer, { store: s3ObjectStore() });
