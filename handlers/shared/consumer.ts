/**
 * The SQS-triggered handler both consumers share: parse each record, let the
 * consumer describe the object, write one result per input, and report
 * failed records in `batchItemFailures` (the mapping enables
 * ReportBatchItemFailures) so one bad record never fails the others.
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { readConsumerConfig, type ConsumerConfig } from "./config.js";
import { InjectedTransientFailure } from "./errors.js";
import type { ObjectStore } from "./object-store.js";
import {
  parseRecordBody,
  readDelivery,
  type DirectMessage,
  type RecordContent,
  type S3ObjectEvent,
  type SqsDelivery,
} from "./parse-record.js";
import { assertMessageNotPoisoned } from "./poison.js";
import {
  RESULT_SCHEMA,
  UPLOADS_PREFIX,
  messageResultKey,
  objectResultKey,
  type ConsumerName,
  type MessageResult,
  type ObjectResult,
  type ResultHops,
} from "./result.js";

export type ObjectFacts = Pick<ObjectResult, "inventory" | "audit">;

export interface Consumer {
  name: ConsumerName;
  /** Examines one uploaded object; throws PoisonMarkerError when it carries the marker. */
  describeObject(event: S3ObjectEvent, store: ObjectStore): Promise<ObjectFacts>;
}

export interface ConsumerDependencies {
  store: ObjectStore;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  random?: () => number;
  /** Receives one line per input; Lambda sends console output to CloudWatch Logs. */
  log?: (line: string) => void;
}

interface LogEntry {
  outcome: "processed" | "skipped" | "failed";
  messageId: string;
  receiveCount: number;
  source?: "s3" | "message";
  key?: string;
  id?: string;
  result?: string;
  reason?: string;
}

export function createConsumerHandler(consumer: Consumer, dependencies: ConsumerDependencies) {
  const { store, env = process.env, now = Date.now, random = Math.random } = dependencies;
  const log = dependencies.log ?? ((line: string) => console.log(line));
  const write = (entry: LogEntry) => log(JSON.stringify({ consumer: consumer.name, ...entry }));

  async function processRecord(record: SQSRecord, config: ConsumerConfig): Promise<boolean> {
    const handlerStart = now();
    try {
      // Decided before any side effect, so a failed record never leaves a result behind.
      if (random() < config.transientFailureRate) {
        throw new InjectedTransientFailure(`injected by EDA_TRANSIENT_FAILURE_RATE=${config.transientFailureRate}`);
      }
      const delivery = readDelivery(record);
      const content = parseRecordBody(record.body);
      await processContent(content, delivery, config, handlerStart);
      return true;
    } catch (error) {
      write({
        outcome: "failed",
        messageId: record.messageId,
        receiveCount: Number(record.attributes?.ApproximateReceiveCount),
        reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      return false;
    }
  }

  async function processContent(
    content: RecordContent,
    delivery: SqsDelivery,
    config: ConsumerConfig,
    handlerStart: number,
  ): Promise<void> {
    const { messageId, receiveCount } = delivery;
    const hops = (s3EventTime: number | null): ResultHops => ({
      s3EventTime,
      snsTimestamp: content.snsTimestamp,
      sqsSentTimestamp: delivery.sentTimestamp,
      sqsFirstReceiveTimestamp: delivery.firstReceiveTimestamp,
      handlerStart,
      handlerEnd: now(),
    });

    switch (content.kind) {
      case "skip":
        write({ outcome: "skipped", messageId, receiveCount, reason: content.reason });
        return;
      case "message":
        await processMessage(content.message, delivery, config, hops);
        return;
      case "objects":
        for (const event of content.events) await processObject(event, delivery, config, hops);
        return;
    }
  }

  async function processMessage(
    message: DirectMessage,
    delivery: SqsDelivery,
    config: ConsumerConfig,
    hops: (s3EventTime: number | null) => ResultHops,
  ): Promise<void> {
    assertMessageNotPoisoned(message);
    const id = message.id ?? delivery.messageId;
    const resultKey = messageResultKey(config.resultsPrefix, id);
    const result: MessageResult = {
      schema: RESULT_SCHEMA,
      consumer: consumer.name,
      source: "message",
      id,
      messageId: delivery.messageId,
      receiveCount: delivery.receiveCount,
      hops: hops(null),
      message: { body: message.body },
    };
    await store.putJson(config.bucket, resultKey, result);
    write({ outcome: "processed", messageId: delivery.messageId, receiveCount: delivery.receiveCount, source: "message", id, result: resultKey });
  }

  async function processObject(
    event: S3ObjectEvent,
    delivery: SqsDelivery,
    config: ConsumerConfig,
    hops: (s3EventTime: number | null) => ResultHops,
  ): Promise<void> {
    const { messageId, receiveCount } = delivery;
    const skip = (reason: string) => write({ outcome: "skipped", messageId, receiveCount, source: "s3", key: event.key, reason });
    if (!event.eventName.startsWith("ObjectCreated:")) return skip(`${event.eventName} is not an ObjectCreated event`);
    // Results live in the same bucket: only uploads are inputs, so a result can never trigger another.
    if (!event.key.startsWith(UPLOADS_PREFIX)) return skip(`key is outside ${UPLOADS_PREFIX}`);

    const facts = await consumer.describeObject(event, store);
    const resultKey = objectResultKey(config.resultsPrefix, event.key);
    const result: ObjectResult = {
      schema: RESULT_SCHEMA,
      consumer: consumer.name,
      source: "s3",
      bucket: event.bucket,
      key: event.key,
      messageId,
      receiveCount,
      hops: hops(event.eventTimeMs),
      ...facts,
    };
    await store.putJson(config.bucket, resultKey, result);
    write({ outcome: "processed", messageId, receiveCount, source: "s3", key: event.key, result: resultKey });
  }

  return async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
    // A wrong environment fails the whole invocation: every record would fail alike.
    const config = readConsumerConfig(consumer.name, env);
    const succeeded = await Promise.all(event.Records.map((record) => processRecord(record, config)));
    return {
      batchItemFailures: event.Records.filter((_, index) => !succeeded[index]).map((record) => ({
        itemIdentifier: record.messageId,
      })),
    };
  };
}
