/**
 * inventory: reads each uploaded object and records its size and SHA-256
 * under results/inventory/. Start here to write your own consumer.
 *
 * How a record gets here: S3 publishes an event to the stack's SNS topic,
 * SNS delivers it to this consumer's SQS queue wrapped in its own envelope,
 * and Lambda's event source mapping hands the queue's messages to this
 * handler in batches (up to batchSize in eda.json).
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

// One client per execution environment, reused by every invocation. Against an
// emulator (AWS_ENDPOINT_URL set) buckets are addressed by path: <bucket>.localhost does not resolve.
const s3 = new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL) });

/** eda sets these for every consumer: the stack's bucket and this consumer's results prefix. */
const bucket = process.env.EDA_BUCKET!;
const resultsPrefix = process.env.EDA_RESULTS_PREFIX ?? "results/inventory/";

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  // Partial batch response: report only the records that failed, so SQS
  // deletes the others and retries just these (then moves them to the DLQ
  // after maxReceiveCount tries). Throwing instead would retry the whole batch.
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    try {
      await processRecord(record);
    } catch (error) {
      console.log(JSON.stringify({ outcome: "failed", messageId: record.messageId, error: String(error) }));
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

async function processRecord(record: SQSRecord): Promise<void> {
  // The SQS body is SNS's envelope; its Message is the S3 event, as a string.
  const envelope = JSON.parse(record.body) as { Message: string };
  const s3Event = JSON.parse(envelope.Message) as { Event?: string; Records?: S3Record[] };
  // S3 sends one s3:TestEvent when the notification is set up: nothing to do.
  if (!s3Event.Records) return;
  for (const s3Record of s3Event.Records) {
    // Keys arrive URL-encoded, with + for spaces: "my photo.jpg" is "my+photo.jpg".
    const key = decodeURIComponent(s3Record.s3.object.key.replace(/\+/g, " "));
    const object = await s3.send(new GetObjectCommand({ Bucket: s3Record.s3.bucket.name, Key: key }));
    // Hash the body as it streams in: memory stays flat whatever the object's size.
    const hash = createHash("sha256");
    let size = 0;
    for await (const chunk of object.Body as Readable) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    const result = { key, size, sha256: hash.digest("hex"), contentType: object.ContentType };
    // Results go outside uploads/: writing there would trigger this pipeline again, in a loop.
    // The result key derives from the input only, so a redelivered message overwrites, never duplicates.
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${resultsPrefix}${key.replace(/^uploads\//, "")}.json`,
        Body: JSON.stringify(result),
        ContentType: "application/json",
      }),
    );
    console.log(JSON.stringify({ outcome: "processed", ...result }));
  }
}

/** The part of an S3 event record this consumer reads. */
interface S3Record {
  eventName: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number } };
}
