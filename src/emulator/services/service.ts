/**
 * What a service is to the emulator: a protocol, the SDK schema module its
 * codec reads, and one table of operations. Operations are plain functions of
 * the SDK's own input types; they never see HTTP, XML or JSON.
 */
import type { AwsError } from "../errors.js";
import type { PolicyDocument } from "../policy/policy-document.js";
import type { ContextValue } from "../policy/policy-evaluator.js";
import type { Principal, RoleSessionPrincipal } from "../policy/principal.js";
import type { SchemaModule } from "../protocols/schema.js";
import type { EmulatorHub } from "../hub.js";

export type Protocol = "awsQuery" | "awsJson1_0" | "awsJson1_1" | "restJson1" | "restXml";

/** An operation's output without the SDK's response metadata. */
export type Output<T> = Omit<T, "$metadata">;

/** One IAM permission an operation needs before it runs. */
export interface AccessCheck {
  action: string;
  resource: string;
  context?: Record<string, ContextValue>;
}

export interface OperationContext {
  readonly requestId: string;
  readonly region: string;
  /** The caller's account (for service principals: the account of the acting resource). */
  readonly accountId: string;
  readonly principal: Principal;
  readonly emulator: EmulatorHub;
  /**
   * Aborted when the caller stops waiting for the answer (a client that
   * disconnected, a Lambda poller that was stopped): long waits end early.
   */
  readonly signal?: AbortSignal;
  /** Present for requests that came in over HTTP; absent for internal deliveries. */
  readonly http?: {
    /** Scheme, host and port the client used, e.g. http://127.0.0.1:4566 */
    origin: string;
    sourceIp: string;
    headers: Record<string, string>;
  };
}

export interface OperationDefinition<I = any, O = any> {
  /**
   * The permissions the operation needs, checked by the IAM layer before
   * `handle` runs; `null` for operations AWS lets anyone call (GetCallerIdentity).
   */
  access(input: I, ctx: OperationContext): AccessCheck | AccessCheck[] | null;
  handle(input: I, ctx: OperationContext): O | Promise<O>;
}

/** Typed helper: `defineOperation<CreateQueueCommandInput, CreateQueueCommandOutput>({...})`. */
export function defineOperation<I, O>(definition: OperationDefinition<I, Output<O>>): OperationDefinition<I, Output<O>> {
  return definition;
}

export interface ServiceDefinition {
  /** SigV4 signing name, also the credential scope's service: "s3", "sqs", "sns", ... */
  signingName: string;
  /** Human name used in messages. */
  displayName: string;
  protocol: Protocol;
  /** Services that also accept the query protocol (SQS for older clients). */
  queryCompatible?: { xmlNamespace: string; version: string };
  schemas: SchemaModule;
  /** awsQuery: response namespace and API version. */
  xmlNamespace?: string;
  version?: string;
  /** awsJson: X-Amz-Target prefix, e.g. "AmazonSQS" or "Logs_20140328". */
  targetPrefix?: string;
  operations: Record<string, OperationDefinition>;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** The error AWS returns when IAM denies a request to this service. */
  accessDenied(message: string): AwsError;
  /** Error codes for unknown access keys and bad signatures on this service. */
  authErrors: { unknownKey: AwsError; badSignature: AwsError; missing: AwsError };
  /** A resource's own policy (queue, topic, bucket, function), for the IAM layer. */
  resourcePolicy?(resourceArn: string, hub: EmulatorHub): PolicyDocument | undefined;
  /** Only IAM implements this: the policies attached to a role session's role. */
  identityPolicies?(principal: RoleSessionPrincipal, hub: EmulatorHub): PolicyDocument[];
  /** Only IAM implements this: the permissions boundary of a role session's role, if it has one. */
  permissionsBoundary?(principal: RoleSessionPrincipal, hub: EmulatorHub): PolicyDocument | undefined;
  /** Called once when the emulator starts and stops (timers, child processes). */
  start?(hub: EmulatorHub): void;
  stop?(hub: EmulatorHub): Promise<void> | void;
}
