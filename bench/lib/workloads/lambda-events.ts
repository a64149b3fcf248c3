/**
 * Builds the events Lambda hands a consumer, in the shapes AWS documents (the
 * handler and shim suites check against them; the lambda bench feeds them to
 * the built consumers):
 * S3 event records (eventVersion 2.1), the SNS envelope SQS receives
 * (RawMessageDelivery=false, pretty-printed like real deliveries) and the SQS
 * record wrapper Lambda adds.
 */
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { createHash } from "node:crypto";

export const BUCKET = "eda-test-bucket";
export const TOPIC_ARN = "arn:aws:sns:us-east-1:000000000000:eda-events";
export const QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:eda-inventory";

/** How S3 encodes keys in events: form encoding, `/` kept literal. */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, "+").replace(/%2F/g, "/");
}

export interface S3RecordOptions {
  bucket?: string;
  /** The key as it appears in the event (already encoded). */
  encodedKey: string;
  eventName?: string;
  eventTime?: string;
  size?: number;
  eTag?: string;
  sequencer?: string;
  versionId?: string;
}

export function s3EventRecord(options: S3RecordOptions): Record<string, unknown> {
  const bucket = options.bucket ?? BUCKET;
  return {
    eventVersion: "2.1",
    eventSource: "aws:s3",
    awsRegion: "us-east-1",
    eventTime: options.eventTime ?? "2026-01-01T12:00:00.123Z",
    eventName: options.eventName ?? "ObjectCreated:Put",
    userIdentity: { principalId: "AWS:AIDAEXAMPLE" },
    requestParameters: { sourceIPAddress: "203.0.113.7" },
    responseElements: { "x-amz-request-id": "C3D13FE58DE4C810", "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S" },
    s3: {
      s3SchemaVersion: "1.0",
      configurationId: "eda-uploads",
      bucket: { name: bucket, ownerIdentity: { principalId: "A3NL1KOZZKExample" }, arn: `arn:aws:s3:::${bucket}` },
      object: {
        key: options.encodedKey,
        size: options.size ?? 5,
        eTag: options.eTag ?? "5d41402abc4b2a76b9719d911017c592",
        ...(options.versionId ? { versionId: options.versionId } : {}),
        sequencer: options.sequencer ?? "0055AED6DCD90281E5",
      },
    },
  };
}

export function s3EventJson(...records: Record<string, unknown>[]): string {
  return JSON.stringify({ Records: records });
}

export function s3TestEventJson(bucket = BUCKET): string {
  return JSON.stringify({
    Service: "Amazon S3",
    Event: "s3:TestEvent",
    Time: "2026-01-01T12:00:00.000Z",
    Bucket: bucket,
    RequestId: "5582815E1AEA5ADF",
    HostId: "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE",
  });
}

/** The JSON body SQS receives for an SNS notification, formatted like AWS's (" : " separators). */
export function snsEnvelope(message: string, timestamp = "2026-01-01T12:00:00.901Z"): string {
  const envelope = {
    Type: "Notification",
    MessageId: "63a3f6b6-d533-4a47-aef9-fcf5cf758c76",
    TopicArn: TOPIC_ARN,
    Subject: "Amazon S3 Notification",
    Message: message,
    Timestamp: timestamp,
    SignatureVersion: "1",
    Signature: "EXAMPLEpH+..",
    SigningCertURL: "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000.pem",
    UnsubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC_ARN}:c7fe3a54`,
  };
  return JSON.stringify(envelope, null, 2).replace(/": /g, '" : ');
}

export interface SqsRecordOptions {
  messageId?: string;
  receiveCount?: number;
  sentTimestamp?: number;
  firstReceiveTimestamp?: number;
}

let sequence = 0;

export function sqsRecord(body: string, options: SqsRecordOptions = {}): SQSRecord {
  sequence++;
  return {
    messageId: options.messageId ?? `00000000-0000-4000-8000-${String(sequence).padStart(12, "0")}`,
    receiptHandle: `AQEB${sequence}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: String(options.sentTimestamp ?? 1767268801000),
      SenderId: "AIDAIENQZJOLO23YVJ4VO",
      ApproximateFirstReceiveTimestamp: String(options.firstReceiveTimestamp ?? 1767268801050),
    },
    messageAttributes: {},
    md5OfBody: createHash("md5").update(body).digest("hex"),
    eventSource: "aws:sqs",
    eventSourceARN: QUEUE_ARN,
    awsRegion: "us-east-1",
  };
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}
