/**
 * The one place in core that constructs AWS SDK clients: the seven clients
 * the pipeline needs, all pointed at the same target (real AWS, a custom
 * endpoint, or the embedded emulator) with the same credentials and retries.
 */
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { IAMClient } from "@aws-sdk/client-iam";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { STSClient } from "@aws-sdk/client-sts";
import type { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import type { AwsClients, AwsTarget } from "./context.js";

export type Credentials = NonNullable<S3ClientConfig["credentials"]>;

/** The embedded emulator's admin keys (the local-emulator convention: test/test). */
export const LOCAL_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" } as const;

/**
 * The SDK's "standard" retry mode retries throttling errors, 5xx and
 * transient network errors with exponential backoff and full jitter; five
 * attempts ride out a short throttling burst without hiding a real outage.
 */
export const MAX_ATTEMPTS = 5;

/** How long to wait for a TCP connection before the attempt counts as failed (and is retried). */
const CONNECTION_TIMEOUT_MS = 5000;

/** Test keys for the emulator; otherwise the SDK's standard chain (env, SSO, shared files, process, container, IMDS). */
export function credentialsFor(target: AwsTarget): Credentials {
  if (target.local) return LOCAL_CREDENTIALS;
  return lazyProviderChain(target.profile ? { profile: target.profile } : {});
}

type ProviderChain = ReturnType<typeof fromNodeProviderChain>;

/**
 * The standard chain, loaded when a client first asks for credentials, so
 * that commands against the emulator (test keys) never load
 * @aws-sdk/credential-providers: every provider and their nested clients.
 * The chain is memoised: the seven clients share one resolution and one refresh.
 */
function lazyProviderChain(init: Parameters<typeof fromNodeProviderChain>[0]): ProviderChain {
  let chain: Promise<ProviderChain> | undefined;
  return async (properties) => {
    chain ??= import("@aws-sdk/credential-providers").then((providers) => providers.fromNodeProviderChain(init));
    return (await chain)(properties);
  };
}

export function createAwsClients(target: AwsTarget, credentials: Credentials = credentialsFor(target)): AwsClients {
  const config = {
    region: target.region,
    credentials,
    retryMode: "standard",
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS },
    // eda adds no middleware after a client's first request, so each command's
    // stack is resolved once instead of per call. The SDK uses this cache only
    // for sends without per-call options (sendAbortableFromCache).
    cacheMiddleware: true,
  };
  // A service's own endpoint (from the AWS config) wins over the target's; the SDK is told explicitly, so it reads no other.
  const forService = (service: keyof AwsClients) => {
    const endpoint = target.serviceEndpoints?.[service] ?? target.endpoint;
    return endpoint ? { ...config, endpoint } : config;
  };
  const s3Endpoint = target.serviceEndpoints?.s3 ?? target.endpoint;
  const clients: AwsClients = {
    // Custom endpoints are usually an IP or localhost, where virtual-hosted bucket names do not resolve.
    s3: new S3Client({
      ...forService("s3"),
      forcePathStyle: s3Endpoint !== undefined,
      // The CLI reads only result objects, and checks every field of each (verification.ts); validating
      // their CRC32 on top cost about a fifth of a GetObject's CPU (0.86 -> 0.65 ms, warm, on the emulator).
      responseChecksumValidation: "WHEN_REQUIRED",
    }),
    sns: new SNSClient(forService("sns")),
    sqs: new SQSClient(forService("sqs")),
    iam: new IAMClient(forService("iam")),
    lambda: new LambdaClient(forService("lambda")),
    logs: new CloudWatchLogsClient(forService("logs")),
    sts: new STSClient(forService("sts")),
  };
  for (const client of Object.values(clients)) sendAbortableFromCache(client);
  return clients;
}

/**
 * eda passes `{ abortSignal }` with its sends, so that Ctrl-C ends a
 * command's waits at once. The SDK serves a send from its cached middleware
 * stack (cacheMiddleware) only when it has no per-call options: a send with
 * any, even just an abortSignal, resolves the whole stack again and drops
 * the cache for every command (Client.send in @smithy/core). Measured on the
 * emulator: a GetObject of a 1 KiB result costs 1.7 ms of CPU with
 * { abortSignal } and 1.25 ms without. So each client takes a lone
 * abortSignal itself: the command is sent without options, and the signal
 * ends the wait at once. A request already sent then goes on until it
 * finishes, fails, or the clients are destroyed when the command ends.
 */
function sendAbortableFromCache(client: object): void {
  const sender = client as { send: Send };
  const send = sender.send.bind(client);
  sender.send = (command, ...rest) => {
    const [options] = rest;
    if (rest.length === 1 && isOnlyAbortSignal(options)) return untilAborted(() => send(command), options.abortSignal);
    return send(command, ...rest);
  };
}

type Send = (command: unknown, ...rest: unknown[]) => Promise<unknown>;

function isOnlyAbortSignal(options: unknown): options is { abortSignal?: AbortSignal } {
  return typeof options === "object" && options !== null && Object.keys(options).every((key) => key === "abortSignal");
}

/** `request()`'s answer, unless `signal` aborts first: then its reason, at once. */
function untilAborted<T>(request: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return request();
  if (signal.aborted) return Promise.reject(signal.reason);
  const pending = request();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      pending.catch(() => undefined);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    pending.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Closes the clients' connection pools so the process can end promptly. */
export function destroyAwsClients(clients: AwsClients): void {
  for (const client of Object.values(clients)) client.destroy();
}
