/**
 * audit: records who uploaded what and when, from the S3 event alone (no
 * read of the object), under results/audit/.
 */
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

const s3 = new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL) });
const bucket = process.env.EDA_BUCKET!;
const resultsPrefix = process.env.EDA_RESULTS_PREFIX ?? "results/audit/";

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  // Records are independent: handle them concurrently, report the failed ones.
  const outcomes = await Promise.allSettled(event.Records.map(processRecord));
  return {
    batchItemFailures: event.Records.filter((_, index) => outcomes[index]!.status === "rejected").map((record) => ({
      itemIdentifier: record.messageId,
    })),
  };
}

async function processRecord(record: SQSRecord): Promise<void> {
  const envelope = JSON.parse(record.body) as { Message: string };
  const s3Event = JSON.parse(envelope.Message) as { Records?: S3Record[] };
  if (!s3Event.Records) return; // s3:TestEvent
  for (const s3Record of s3Event.Records) {
    const key = decodeURIComponent(s3Record.s3.object.key.replace(/\+/g, " "));
    const entry = {
      key,
      eventName: s3Record.eventName,
      eventTime: s3Record.eventTime,
      // Who uploaded it and from where, as S3 recorded it (absent in some emulators).
      principalId: s3Record.userIdentity?.principalId ?? null,
      sourceIp: s3Record.requestParameters?.sourceIPAddress ?? null,
      // S3's ordering token for events on the same key: a larger sequencer is a later change.
      sequencer: s3Record.s3.object.sequencer ?? null,
    };
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${resultsPrefix}${key.replace(/^uploads\//, "")}.json`,
        Body: JSON.stringify(entry),
        ContentType: "application/json",
      }),
    );
    console.log(JSON.stringify({ outcome: "processed", ...entry }));
  }
}

interface S3Record {
  eventName: string;
  eventTime: string;
  userIdentity?: { principalId?: string };
  requestParameters?: { sourceIPAddress?: string };
  s3: { bucket: { name: string }; object: { key: string; sequencer?: string } };
}
