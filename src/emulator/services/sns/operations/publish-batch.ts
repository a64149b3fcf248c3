import * as schemas from "@aws-sdk/client-sns";
import type {
  BatchResultErrorEntry,
  PublishBatchCommandInput,
  PublishBatchCommandOutput,
  PublishBatchResultEntry,
} from "@aws-sdk/client-sns";
import { AwsError } from "../../../errors.js";
import { queryErrorCode } from "../../../sdk-schemas.js";
import { defineOperation } from "../../service.js";
import { topicAccess } from "../access.js";
import { fanOut } from "../delivery.js";
import { requireParameter } from "../errors.js";
import { acceptPublication, MAX_PUBLISH_BYTES, publicationBytes } from "../publication.js";
import { requireTopic } from "../store.js";

const MAX_ENTRIES = 10;
const ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * Up to ten messages in one call (permission: sns:Publish). Problems with the
 * batch as a whole fail the call; a message SNS refuses is reported in
 * Failed while the others are published.
 */
export const publishBatch = defineOperation<PublishBatchCommandInput, PublishBatchCommandOutput>({
  access: (input, ctx) => topicAccess("Publish", input.TopicArn, ctx),
  handle: (input, ctx) => {
    const topicArn = requireParameter(input.TopicArn, "topicArn");
    const entries = requireParameter(input.PublishBatchRequestEntries, "publishBatchRequestEntries");
    if (entries.length === 0) {
      throw new AwsError("EmptyBatchRequestException", "The batch request doesn't contain any entries.");
    }
    if (entries.length > MAX_ENTRIES) {
      throw new AwsError("TooManyEntriesInBatchRequestException", "The batch request contains more entries than permissible.");
    }
    const ids = entries.map((entry, index) => requireParameter(entry.Id, `publishBatchRequestEntries.${index + 1}.member.id`));
    if (new Set(ids).size !== ids.length) {
      throw new AwsError("BatchEntryIdsNotDistinctException", "Two or more batch entries in the request have the same Id.");
    }
    for (const id of ids) {
      if (!ENTRY_ID.test(id)) {
        throw new AwsError(
          "InvalidBatchEntryIdException",
          id.length > 80
            ? `The Id of a batch entry in the batch request is too long: ${id}`
            : `The Id of a batch entry in the batch request contains an impermissible character: ${id}`,
        );
      }
    }
    const totalBytes = entries.reduce((sum, entry) => sum + publicationBytes(entry.Message ?? "", entry.MessageAttributes ?? {}), 0);
    if (totalBytes > MAX_PUBLISH_BYTES) {
      throw new AwsError("BatchRequestTooLongException", "The length of all the messages put together is more than the limit.");
    }
    const topic = requireTopic(ctx, topicArn);

    const successful: PublishBatchResultEntry[] = [];
    const failed: BatchResultErrorEntry[] = [];
    for (const entry of entries) {
      try {
        const publication = acceptPublication(entry, ctx.hub.random.uuid(), ctx.hub.clock.now());
        fanOut(ctx.hub, topic, publication);
        successful.push({ Id: entry.Id, MessageId: publication.messageId });
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        failed.push({ Id: entry.Id, Code: queryErrorCode(schemas, error), Message: error.message, SenderFault: error.fault === "Sender" });
      }
    }
    return { Successful: successful, Failed: failed };
  },
});
