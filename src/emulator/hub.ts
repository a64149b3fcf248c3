/**
 * The emulator's hub: settings, clocks, credentials, the services and their
 * raw HTTP routes, and the dispatcher through which one service calls another
 * (S3 -> SNS -> SQS -> Lambda). Internal calls pass the same IAM layer as
 * HTTP requests, carrying the service principal or role session, so topic
 * policies, queue policies and execution roles are enforced as on AWS.
 */
import { ScaledClock, type QueueClock } from "./clock.js";
import { AwsError, notImplemented } from "./errors.js";
import { FaultInjector } from "./faults.js";
import { authorize, type AuthorizationOutcome } from "./policy/authorizer.js";
import { CredentialRegistry } from "./policy/credentials.js";
import { adminPrincipal, type Principal } from "./policy/principal.js";
import type { AccessCheck, InternalCall, OperationContext, ServiceDefinition, ServiceHub } from "./services/service.js";
import { RawRoutes } from "./raw-routes.js";
import type { EmulatorLogEntry, EmulatorSettings } from "./settings.js";

/** An operation a client sent over HTTP that has run, before its answer is written. */
export interface CompletedRequest {
  service: string;
  operation: string;
  input: unknown;
  principal: Principal;
}

/**
 * Watches client requests (crash tests stop a CLI right after its Nth change).
 * The answer waits for the returned promise, so an observer acts before the client hears back.
 */
export type RequestObserver = (request: CompletedRequest) => void | Promise<void>;

export class EmulatorHub implements ServiceHub {
  readonly credentials: CredentialRegistry;
  /** Faults injected into client requests; changeable at run time through the admin API. */
  readonly faults: FaultInjector;
  /** Queue time (SQS and the mappings' pollers), `settings.timeScale` times faster than `clock`. */
  readonly queueClock: QueueClock;
  readonly services = new Map<string, ServiceDefinition>();
  /** Set once the HTTP server listens, e.g. http://127.0.0.1:4566 */
  endpoint = "";
  /** HTTP routes that are not AWS APIs (the Lambda Runtime API); the gateway serves them. */
  readonly routes = new RawRoutes();
  private readonly closeHooks: (() => Promise<void> | void)[] = [];
  private readonly requestObservers = new Set<RequestObserver>();
  /** "service/operation" of each operation asked for that no table lists, so each is logged once. */
  private readonly notImplementedSeen = new Set<string>();

  constructor(readonly settings: EmulatorSettings) {
    this.credentials = new CredentialRegistry(settings.clock, settings.random);
    this.faults = new FaultInjector(settings.faults);
    this.queueClock = new ScaledClock(settings.clock, settings.timeScale);
    this.credentials.addPermanent(settings.accessKeyId, settings.secretAccessKey, adminPrincipal(settings.accountId));
  }

  get clock() {
    return this.settings.clock;
  }

  get random() {
    return this.settings.random;
  }

  register(service: ServiceDefinition): void {
    this.services.set(service.signingName, service);
  }

  service(name: string): ServiceDefinition {
    const service = this.services.get(name);
    if (!service) throw new AwsError("UnknownService", `The service ${name} is not provided by the eda emulator.`);
    return service;
  }

  /** Calls another service's operation as `call.principal`, through the IAM layer. */
  async call<O = unknown>(call: InternalCall): Promise<O> {
    const accountId =
      call.accountId ?? (call.principal.kind === "service" ? call.principal.sourceAccount : call.principal.accountId);
    const ctx: OperationContext = {
      requestId: this.random.uuid(),
      region: call.region,
      accountId,
      principal: call.principal,
      hub: this,
      signal: call.signal,
    };
    return (await this.runOperation(call.service, call.operation, call.input, ctx)) as O;
  }

  /** Looks up, authorises and runs one operation. Used by the gateway and by internal calls. */
  async runOperation(serviceName: string, operationName: string, input: unknown, ctx: OperationContext): Promise<unknown> {
    const service = this.service(serviceName);
    const operation = service.operations[operationName];
    if (!operation) {
      const key = `${serviceName}/${operationName}`;
      if (!this.notImplementedSeen.has(key)) {
        this.notImplementedSeen.add(key);
        this.log({ level: "warn", message: "operation not implemented", service: serviceName, operation: operationName });
      }
      throw notImplemented(service.displayName, operationName);
    }
    const checks = operation.access(input, ctx);
    for (const check of checks === null ? [] : Array.isArray(checks) ? checks : [checks]) {
      const outcome = this.check(serviceName, check, ctx.principal);
      if (!outcome.allowed) {
        this.log({ level: "warn", message: "request denied", service: serviceName, operation: operationName, reason: outcome.message });
        throw service.accessDenied(outcome.message);
      }
    }
    return operation.handle(input, ctx);
  }

  /** Evaluates one permission without running anything (S3 destination validation, ESM role checks). */
  check(serviceName: string, check: AccessCheck, principal: Principal): AuthorizationOutcome {
    const service = this.service(serviceName);
    const iam = this.services.get("iam");
    return authorize(
      { principal, action: check.action, resource: check.resource, context: check.context },
      {
        identityPolicies: (session) => iam?.identityPolicies?.(session, this) ?? [],
        permissionsBoundary: (session) => iam?.permissionsBoundary?.(session, this),
        resourcePolicy: (arn) => service.resourcePolicy?.(arn, this),
      },
    );
  }

  /** Adds an observer of completed client requests; returns its removal. */
  observeRequests(observer: RequestObserver): () => void {
    this.requestObservers.add(observer);
    return () => this.requestObservers.delete(observer);
  }

  async requestCompleted(request: CompletedRequest): Promise<void> {
    for (const observer of this.requestObservers) await observer(request);
  }

  get observesRequests(): boolean {
    return this.requestObservers.size > 0;
  }

  log(entry: Omit<EmulatorLogEntry, "time">): void {
    this.settings.log({ time: new Date(this.clock.now()).toISOString(), ...entry } as EmulatorLogEntry);
  }

  onClose(hook: () => Promise<void> | void): void {
    this.closeHooks.push(hook);
  }

  async close(): Promise<void> {
    for (const service of this.services.values()) await service.stop?.(this);
    for (const hook of this.closeHooks.splice(0)) await hook();
  }
}
