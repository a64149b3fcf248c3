/**
 * Lambda's state: per account and region, the functions and event source
 * mappings; per emulator, the execution host they share. The service keeps a
 * list of its regions so that stopping the emulator stops every environment
 * and poller.
 */
import { ServiceState } from "../service-state.js";
import type { ServiceHub } from "../service.js";
import type { OperationContext } from "../service.js";
import { functionArn, parseFunctionReference, type FunctionReference } from "./arns.js";
import { functionNotFound, resourceNotFound } from "./errors.js";
import type { EventSourceMapping } from "./event-source-mapping.js";
import { LambdaExecutionHost } from "./execution-host.js";
import { ExecutionRoleSessions } from "./execution-role.js";
import type { LambdaFunction } from "./lambda-function.js";

export class LambdaRegion {
  readonly functions = new Map<string, LambdaFunction>();
  readonly mappings = new Map<string, EventSourceMapping>();
  /** Callbacks waiting for a function name to be (re)created (orphaned mappings). */
  private readonly creationWaiters = new Map<string, (() => void)[]>();

  constructor(
    readonly accountId: string,
    readonly region: string,
    /** The execution role sessions pollers and log shipping act as (shared by every region). */
    readonly roleSessions: ExecutionRoleSessions,
  ) {}

  /** The function a FunctionName parameter names, $LATEST only; ResourceNotFoundException otherwise. */
  getFunction(reference: FunctionReference): LambdaFunction {
    const fn = this.functions.get(reference.name);
    if (!fn || (reference.qualifier !== undefined && reference.qualifier !== "$LATEST")) {
      throw functionNotFound(functionArn(this.region, this.accountId, reference.name, reference.qualifier));
    }
    return fn;
  }

  addFunction(fn: LambdaFunction): void {
    this.functions.set(fn.name, fn);
    for (const waiter of this.creationWaiters.get(fn.name)?.splice(0) ?? []) waiter();
  }

  /** Resolves when a function of this name exists (at once if it does). */
  functionCreated(name: string): Promise<void> {
    if (this.functions.has(name)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiters = this.creationWaiters.get(name) ?? [];
      waiters.push(resolve);
      this.creationWaiters.set(name, waiters);
    });
  }
}

const regions = new ServiceState<LambdaRegion>("Lambda functions and mappings");

export class LambdaBackend {
  readonly host: LambdaExecutionHost;
  /** The execution role sessions pollers and log shipping act as. */
  readonly roleSessions: ExecutionRoleSessions;
  private readonly regions = new Set<LambdaRegion>();

  constructor(private readonly hub: ServiceHub) {
    this.roleSessions = new ExecutionRoleSessions(hub);
    this.host = new LambdaExecutionHost(hub, this.roleSessions);
  }

  region(accountId: string, region: string): LambdaRegion {
    return regions.forRegion(this.hub, accountId, region, () => {
      const created = new LambdaRegion(accountId, region, this.roleSessions);
      this.regions.add(created);
      return created;
    });
  }

  async stop(): Promise<void> {
    for (const region of this.regions) {
      for (const mapping of region.mappings.values()) mapping.stop();
    }
    await Promise.all([...this.regions].flatMap((region) => [...region.functions.values()].map((fn) => fn.stop())));
    await this.host.close();
  }
}

const backends = new ServiceState<LambdaBackend>("Lambda execution host and regions");

export function lambdaBackend(hub: ServiceHub): LambdaBackend {
  return backends.global(hub, () => new LambdaBackend(hub));
}

/** The region store for an operation's account and region. */
export function lambdaRegionFor(ctx: OperationContext, accountId = ctx.accountId): LambdaRegion {
  return lambdaBackend(ctx.hub).region(accountId, ctx.region);
}

/** The function a FunctionName parameter names (name, partial or full ARN), for an operation. */
export function findFunction(ctx: OperationContext, functionName: string | undefined): LambdaFunction {
  const reference = parseFunctionReference(functionName, ctx);
  return lambdaBackend(ctx.hub).region(reference.accountId, reference.region).getFunction(reference);
}

export function findMapping(ctx: OperationContext, uuid: string | undefined): EventSourceMapping {
  const mapping = lambdaRegionFor(ctx).mappings.get(uuid ?? "");
  if (!mapping) throw resourceNotFound();
  return mapping;
}
