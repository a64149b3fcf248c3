/**
 * The event Lambda hands a function for a batch of SQS messages (camelCase,
 * unlike the SQS API): one record per message, with the system attributes
 * Lambda passes on, message attributes with their always-empty list members,
 * and the queue's ARN and region.
 */
import type { Message } from "@aws-sdk/client-sqs";

/** The system attributes a record carries, in the order Lambda writes them. */
const RECORD_ATTRIBUTES = [
  "ApproximateReceiveCount",
  "SentTimestamp",
  "SenderId",
  "ApproximateFirstReceiveTimestamp",
  "AWSTraceHeader",
  "SequenceNumber",
  "MessageGroupId",
  "MessageDeduplicationId",
  "DeadLetterQueueSourceArn",
];

export function sqsEvent(messages: readonly Message[], queueArn: string, region: string): { Records: object[] } {
  return {
    Records: messages.map((message) => ({
      messageId: message.MessageId,
      receiptHandle: message.ReceiptHandle,
      body: message.Body,
      attributes: recordAttributes(message.Attributes ?? {}),
      messageAttributes: Object.fromEntries(
        Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
          name,
          {
            ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
            ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString("base64") } : {}),
            stringListValues: [],
            binaryListValues: [],
            dataType: value.DataType,
          },
        ]),
      ),
      ...(message.MD5OfMessageAttributes !== undefined ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
      md5OfBody: message.MD5OfBody,
      eventSource: "aws:sqs",
      eventSourceARN: queueArn,
      awsRegion: region,
    })),
  };
}

function recordAttributes(attributes: Record<string, string>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of RECORD_ATTRIBUTES) if (attributes[name] !== undefined) picked[name] = attributes[name];
  return picked;
}
