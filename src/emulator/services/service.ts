/**
 * What a service is to the emulator: a protocol, the SDK schema module its
 * codec reads, and one table of operations. Operations are plain functions of
 * the SDK's own input types; they never see HTTP, XML or JSON.
 */
import type { QueueClock } from "../clock.js";
import type { AwsError } from "../errors.js";
import type { AuthorizationOutcome } from "../policy/authorizer.js";
import type { CredentialRegistry } from "../policy/credentials.js";
import type { PolicyDocument } from "../policy/policy-document.js";
import type { ContextValue } from "../policy/policy-evaluator.js";
import type { Principal, RoleSessionPrincipal } from "../policy/principal.js";
import type { RawRouteRequest, RawRoutes } from "../raw-routes.js";
import type { SchemaModule } from "../sdk-schemas.js";
import type { EmulatorLogEntry, EmulatorSettings } from "../settings.js";

export type Protocol = "awsQuery" | "awsJson1_0" | "awsJson1_1" | "restJson1" | "restXml";

/** An operation's output without the SDK's response metadata. */
export type Output<T> = Omit<T, "$metadata">;

/** One IAM permission an operation needs before it runs. */
export interface AccessCheck {
  action: string;
  resource: string;
  context?: Record<string, ContextValue>;
}

export interface InternalCall {
  service: string;
  operation: string;
  input: unknown;
  principal: Principal;
  region: string;
  /** Defaults to the principal's account (the acting resource's account for services). */
  accountId?: string;
  /** Lets the caller give up on a long wait (ReceiveMessage long polls). */
  signal?: AbortSignal;
}

/**
 * What services may use of the emulator's hub (src/emulator/hub.ts, which
 * implements it): declared here so that services depend on this contract,
 * not on the hub.
 */
export interface ServiceHub {
  readonly settings: EmulatorSettings;
  readonly clock: EmulatorSettings["clock"];
  readonly random: EmulatorSettings["random"];
  /** Queue time: `settings.timeScale` times faster than `clock`. */
  readonly queueClock: QueueClock;
  readonly credentials: CredentialRegistry;
  readonly routes: RawRoutes;
  /** e.g. http://127.0.0.1:4566, set once the HTTP server listens. */
  readonly endpoint: string;
  service(name: string): ServiceDefinition;
  /** Calls another service's operation as `call.principal`, through the IAM layer. */
  call<O = unknown>(call: InternalCall): Promise<O>;
  check(serviceName: string, check: AccessCheck, principal: Principal): AuthorizationOutcome;
  log(entry: Omit<EmulatorLogEntry, "time">): void;
  onClose(hook: () => Promise<void> | void): void;
}

export interface OperationContext {
  readonly requestId: string;
  readonly region: string;
  /** The caller's account (for service principals: the account of the acting resource). */
  readonly accountId: string;
  readonly principal: Principal;
  readonly hub: ServiceHub;
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

/**
 * Operations a service answers to unsigned GET links on its own endpoint
 * (SNS's SubscribeURL and UnsubscribeURL). The service works out the
 * operation's output from the link; its query codec writes that answer, or
 * the AwsError thrown, so the service never writes XML itself.
 */
export interface ServiceLinks {
  /** Whether a request is one of the service's links. */
  accepts(request: RawRouteRequest, url: URL): boolean;
  answer(url: URL, hub: ServiceHub): { operation: string; output: object };
}

/** A role as IAM shows it to other services. */
export interface RoleView {
  roleName: string;
  roleId: string;
  arn: string;
  path: string;
  trustPolicy: PolicyDocument;
  createDate: Date;
  /** The longest session AssumeRole may ask for, in seconds. */
  maxSessionDuration: number;
}

export type AssumeRoleCheck = "ok" | "no-such-role" | "not-trusted" | "propagating";

/**
 * What IAM tells other services about roles (STS issuing sessions, Lambda
 * checking an execution role), so that they never read IAM's store.
 */
export interface RoleDirectory {
  findRoleByArn(hub: ServiceHub, roleArn: string): RoleView | undefined;
  /** The trust policy as sts:AssumeRole sees it now: none while a new role propagates. */
  effectiveTrustPolicy(hub: ServiceHub, roleArn: string): PolicyDocument | undefined;
  /** Whether `servicePrincipal` may assume the role now, acting for `sourceArn` when given. */
  checkServiceCanAssume(hub: ServiceHub, roleArn: string, servicePrincipal: string, sourceArn?: string): AssumeRoleCheck;
  /** A session principal of the role, to issue temporary credentials for. */
  roleSession(hub: ServiceHub, roleArn: string, sessionName: string): RoleSessionPrincipal | undefined;
}

/** IAM's role directory, through the hub. */
export function roleDirectory(hub: ServiceHub): RoleDirectory {
  const roles = hub.service("iam").roles;
  if (!roles) throw new Error("the IAM service provides no role directory");
  return roles;
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
  resourcePolicy?(resourceArn: string, hub: ServiceHub): PolicyDocument | undefined;
  /** Only IAM implements this: the policies attached to a role session's role. */
  identityPolicies?(principal: RoleSessionPrincipal, hub: ServiceHub): PolicyDocument[];
  /** Only IAM implements this: the permissions boundary of a role session's role, if it has one. */
  permissionsBoundary?(principal: RoleSessionPrincipal, hub: ServiceHub): PolicyDocument | undefined;
  /** Unsigned links the service answers (SNS only), registered on the hub's raw routes when the emulator starts. */
  links?: ServiceLinks;
  /** Only IAM provides this: roles as other services may see them. */
  roles?: RoleDirectory;
  /** Called once when the emulator starts and stops (timers, child processes). */
  start?(hub: ServiceHub): void;
  stop?(hub: ServiceHub): Promise<void> | void;
}
