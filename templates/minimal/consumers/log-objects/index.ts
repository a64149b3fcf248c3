/**
 * log-objects: logs the key and size of each uploaded object. It needs no
 * permissions: everything it prints is in the S3 event.
 */
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    try {
      // SQS body = SNS envelope; its Message = the S3 event (a string).
      const s3Event = JSON.parse(JSON.parse(record.body).Message) as {
        Records?: { eventName: string; s3: { object: { key: string; size?: number } } }[];
      };
      for (const s3Record of s3Event.Records ?? []) {
        // Keys arrive URL-encoded, + for spaces.
        const key = decodeURIComponent(s3Record.s3.object.key.replace(/\+/g, " "));
        console.log(`${s3Record.eventName} ${key} (${s3Record.s3.object.size ?? 0} bytes)`);
      }
    } catch (error) {
      console.log(`failed ${record.messageId}: ${String(error)}`);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
