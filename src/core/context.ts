/**
 * What every core operation receives: the stack, where AWS is, the SDK
 * clients, the event sink and a cancellation signal. Core code never reads
 * process state (argv, env, TTY) itself; the CLI builds this context.
 */
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { IAMClient } from "@aws-sdk/client-iam";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { STSClient } from "@aws-sdk/client-sts";
import type { EventSink } from "./events.js";
import type { ConsumerSpec } from "./stack/config.js";

export interface AwsTarget {
  region: string;
  /** A custom endpoint (--endpoint-url, or the embedded emulator's); undefined means real AWS. */
  endpoint?: string;
  /** Services the AWS config sends elsewhere than `endpoint` (AWS_ENDPOINT_URL_<SERVICE>, a profile's services section). */
  serviceEndpoints?: Partial<Record<keyof AwsClients, string>>;
  /** Named profile from the shared config files (--profile / AWS_PROFILE). */
  profile?: string;
  /** True when the endpoint is eda's embedded emulator. */
  local: boolean;
  /** How many times faster the embedded emulator's queue time runs (eda local start --time-scale); 1 or absent elsewhere. */
  timeScale?: number;
}

export interface AwsClients {
  s3: S3Client;
  sns: SNSClient;
  sqs: SQSClient;
  iam: IAMClient;
  lambda: LambdaClient;
  logs: CloudWatchLogsClient;
  sts: STSClient;
}

export interface CoreClock {
  now(): number;
  /** Resolves after `ms`, or rejects with an AbortError when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface CoreContext {
  stack: string;
  /** The consumers commands act on: the project file's, or eda's built-in pair. */
  consumers: readonly ConsumerSpec[];
  target: AwsTarget;
  clients: AwsClients;
  events: EventSink;
  /** Aborted on Ctrl-C: long operations stop at the next safe point. */
  signal: AbortSignal;
  clock: CoreClock;
}

export const systemCoreClock: CoreClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};
