/**
 * The execution environments of one function: invocations go to an idle
 * warm environment when there is one, else start a new one (a cold start)
 * up to a bound, else wait their turn. Environments of an older revision
 * (code or configuration changed) are retired as soon as they are idle, and
 * idle environments are reclaimed after a while, as Lambda does.
 */
import type { Clock, Timer } from "../../clock.js";
import type {
  EnvironmentSpec,
  InvocationOutcome,
  InvocationRequest,
  PendingInvocation,
  PooledEnvironment,
  PoolListener,
} from "./environment.js";

/** Creates an environment (a cold start) that serves `first` first, or waits for one when initialised ahead. */
export type EnvironmentLauncher = (spec: EnvironmentSpec, listener: PoolListener, first: PendingInvocation | undefined) => PooledEnvironment;

/** Concurrent environments per function: enough for several pollers, few enough for a laptop. */
const MAX_ENVIRONMENTS_PER_FUNCTION = 10;
/** How long an idle environment stays warm. */
const IDLE_ENVIRONMENT_TTL_MS = 5 * 60_000;
/**
 * How long an invocation waits for an environment that has just answered to
 * ask for its next event, before a new environment is started instead: the
 * runtime asks within a moment, and waiting spares a cold start.
 */
const RETURNING_GRACE_MS = 200;

export class EnvironmentPoolClosedError extends Error {}

export class EnvironmentPool {
  private readonly environments = new Set<PooledEnvironment>();
  /** Idle environments, most recently used last (reused first, as Lambda prefers warm ones). */
  private readonly idle: PooledEnvironment[] = [];
  private readonly idleTimers = new Map<PooledEnvironment, Timer>();
  /** Environments that answered and will ask for their next event in a moment. */
  private readonly returning = new Set<PooledEnvironment>();
  /** Environments initialised ahead that have not yet asked for an event: invocations wait for them. */
  private readonly warming = new Set<PooledEnvironment>();
  private graceTimer: Timer | undefined;
  private readonly queue: PendingInvocation[] = [];
  private closed = false;

  constructor(
    private readonly clock: Clock,
    /** The function as it is now; read for every new environment. */
    private readonly currentSpec: () => EnvironmentSpec,
    private readonly launchEnvironment: EnvironmentLauncher,
    private readonly maxEnvironments = MAX_ENVIRONMENTS_PER_FUNCTION,
  ) {}

  invoke(request: InvocationRequest): Promise<InvocationOutcome> {
    if (this.closed) return Promise.reject(new EnvironmentPoolClosedError("the function's environments are stopped"));
    return new Promise((settle) => {
      this.queue.push({ request, settle });
      this.dispatch();
    });
  }

  /**
   * Initialises an environment ahead of any invocation if the function has none. Lambda
   * does this too: "for functions using on-demand concurrency, Lambda may occasionally
   * pre-initialize execution environments ahead of invocation requests" (Lambda Developer
   * Guide, "Understanding the Lambda execution environment lifecycle", cold starts).
   */
  prewarm(): void {
    if (this.closed || this.environments.size > 0) return;
    this.launch(undefined);
  }

  /** Code or configuration changed: idle environments go now, busy ones when they finish. */
  retireStale(): void {
    const revision = this.currentSpec().revision;
    for (const environment of [...this.idle]) {
      if (environment.revision !== revision) this.retire(environment);
    }
  }

  /** Stops every environment; queued invocations fail. */
  async stop(): Promise<void> {
    this.closed = true;
    this.graceTimer?.cancel();
    for (const pending of this.queue.splice(0)) {
      pending.settle({
        kind: "error",
        errorType: "Runtime.ExitError",
        payload: Buffer.from(JSON.stringify({ errorType: "Runtime.ExitError", errorMessage: "The function's execution environments were stopped." })),
        log: "",
      });
    }
    await Promise.all([...this.environments].map((environment) => environment.stop()));
  }

  /** Serves queued invocations: idle environments first, then returning ones (briefly), then new ones. */
  private dispatch(waitForReturning = true): void {
    if (this.queue.length === 0) {
      this.graceTimer?.cancel();
      this.graceTimer = undefined;
    }
    while (this.queue.length > 0 && !this.closed) {
      const environment = this.idle.pop();
      if (environment) {
        this.idleTimers.get(environment)?.cancel();
        this.idleTimers.delete(environment);
        if (environment.revision !== this.currentSpec().revision) {
          this.retire(environment);
          continue;
        }
        // An environment whose runtime died while idle is reaped by its own exit handling.
        if (environment.assign(this.queue[0]!)) {
          this.queue.shift();
          // Environments are coming back: the grace for the returning ones starts again. Under
          // steady load the queue is seldom empty, and a grace counted from the first wait would
          // run out while every environment keeps returning, starting environments nobody needs.
          this.graceTimer?.cancel();
          this.graceTimer = undefined;
        }
        continue;
      }
      // An environment initialised ahead is on its way: a second cold start would only compete with it.
      if (this.queue.length <= this.warming.size) return;
      if (waitForReturning && this.queue.length <= this.returning.size) {
        this.graceTimer ??= this.clock.setTimer(RETURNING_GRACE_MS, () => {
          this.graceTimer = undefined;
          this.dispatch(false);
        });
        return;
      }
      if (this.environments.size >= this.maxEnvironments) return;
      this.launch(this.queue.shift()!);
    }
  }

  private launch(first: PendingInvocation | undefined): void {
    const environment = this.launchEnvironment(
      this.currentSpec(),
      {
        returning: (answered) => this.returning.add(answered),
        idle: (ready) => this.becameIdle(ready),
        gone: (stopped) => this.removed(stopped),
      },
      first,
    );
    this.environments.add(environment);
    if (!first) this.warming.add(environment);
    void environment.start();
  }

  private becameIdle(environment: PooledEnvironment): void {
    this.returning.delete(environment);
    this.warming.delete(environment);
    if (this.closed || environment.revision !== this.currentSpec().revision) {
      this.retire(environment);
      return;
    }
    this.idle.push(environment);
    this.idleTimers.set(
      environment,
      this.clock.setTimer(IDLE_ENVIRONMENT_TTL_MS, () => this.retire(environment)),
    );
    this.dispatch();
  }

  private retire(environment: PooledEnvironment): void {
    void environment.stop();
  }

  private removed(environment: PooledEnvironment): void {
    this.environments.delete(environment);
    this.returning.delete(environment);
    this.warming.delete(environment);
    const index = this.idle.indexOf(environment);
    if (index >= 0) this.idle.splice(index, 1);
    this.idleTimers.get(environment)?.cancel();
    this.idleTimers.delete(environment);
    // Room for a queued invocation.
    this.dispatch();
  }
}
