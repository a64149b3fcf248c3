/**
 * A function ($LATEST): its configuration and code, state (Pending ->
 * Active after creation, LastUpdateStatus InProgress -> Successful after
 * each update), tags, resource policy, and the execution environments that
 * run it. During an update the API already shows the new configuration
 * while invocations still run the previous one, as on Lambda; once the
 * update completes, new environments run the new code and warm ones retire.
 */
import type { FunctionConfiguration } from "@aws-sdk/client-lambda";
import type { Clock, Timer } from "../../clock.js";
import { EnvironmentPool } from "../../execution/host/environment-pool.js";
import type { EnvironmentHost, EnvironmentSpec, InvocationOutcome, InvocationRequest } from "../../execution/host/environment.js";
import { ExecutionEnvironment } from "../../execution/host/execution-environment.js";
import { functionArn, lambdaTimestamp, runtimeVersionArn } from "./arns.js";
import { resourceConflict, updateInProgress } from "./errors.js";
import type { FunctionCode } from "./function-code.js";
import { FunctionPolicy } from "./function-policy.js";
import { settingsConfiguration, type FunctionSettings } from "./function-settings.js";

export type FunctionState = "Pending" | "Active";

interface Deployment {
  settings: FunctionSettings;
  code: FunctionCode;
  revision: number;
}

export interface FunctionInit {
  name: string;
  accountId: string;
  region: string;
  settings: FunctionSettings;
  code: FunctionCode;
  tags: Record<string, string>;
  revisionId: string;
}

export class LambdaFunction {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  readonly arn: string;
  readonly policy = new FunctionPolicy();
  tags: Record<string, string>;
  /** What the API shows. */
  settings: FunctionSettings;
  code: FunctionCode;
  revisionId: string;
  lastModified: number;
  state: FunctionState = "Pending";
  lastUpdateStatus: "InProgress" | "Successful" | undefined;
  /** What environments run. */
  private deployed: Deployment;
  private transition: Timer | undefined;
  private readonly activated: Promise<void>;
  private markActivated!: () => void;
  private readonly pool: EnvironmentPool;

  constructor(
    init: FunctionInit,
    private readonly clock: Clock,
    host: EnvironmentHost,
  ) {
    this.name = init.name;
    this.accountId = init.accountId;
    this.region = init.region;
    this.arn = functionArn(init.region, init.accountId, init.name);
    this.settings = init.settings;
    this.code = init.code;
    this.tags = { ...init.tags };
    this.revisionId = init.revisionId;
    this.lastModified = clock.now();
    this.deployed = { settings: init.settings, code: init.code, revision: 1 };
    this.activated = new Promise((resolve) => (this.markActivated = resolve));
    this.pool = new EnvironmentPool(
      host.clock,
      () => this.executionSpec(),
      (spec, listener, first) => new ExecutionEnvironment(spec, host, listener, first),
    );
  }

  /** Pending until `delayMs` have passed (at once for 0). */
  scheduleActivation(delayMs: number): void {
    this.after(delayMs, () => {
      this.state = "Active";
      this.lastUpdateStatus = "Successful";
      this.markActivated();
    });
  }

  /** Update*: refused while Pending or while another update is in progress. */
  assertUpdatable(): void {
    if (this.state === "Pending" || this.lastUpdateStatus === "InProgress") throw updateInProgress(this.arn);
  }

  /** Invoke: refused while Pending. */
  assertInvocable(): void {
    if (this.state !== "Active") {
      throw resourceConflict(`The operation cannot be performed at this time. The function is currently in the following state: ${this.state}`);
    }
  }

  /** Applies new settings and/or code; they take effect for invocations after `delayMs`. */
  update(change: { settings?: FunctionSettings; code?: FunctionCode }, delayMs: number, revisionId: string): void {
    if (change.settings) this.settings = change.settings;
    if (change.code) this.code = change.code;
    this.revisionId = revisionId;
    this.lastModified = this.clock.now();
    this.lastUpdateStatus = "InProgress";
    const next: Deployment = { settings: this.settings, code: this.code, revision: this.deployed.revision + 1 };
    this.after(delayMs, () => {
      this.deployed = next;
      this.lastUpdateStatus = "Successful";
      this.pool.retireStale();
    });
  }

  /** A change that needs no deployment (permissions): a new RevisionId only. */
  touch(revisionId: string): void {
    this.revisionId = revisionId;
  }

  configuration(): FunctionConfiguration {
    return {
      FunctionName: this.name,
      FunctionArn: this.arn,
      ...settingsConfiguration(this.settings),
      CodeSize: this.code.size,
      CodeSha256: this.code.sha256,
      LastModified: lambdaTimestamp(this.lastModified),
      Version: "$LATEST",
      RevisionId: this.revisionId,
      State: this.state,
      ...(this.state === "Pending"
        ? { StateReason: "The function is being created.", StateReasonCode: "Creating" }
        : {}),
      ...(this.lastUpdateStatus !== undefined ? { LastUpdateStatus: this.lastUpdateStatus } : {}),
      PackageType: "Zip",
      SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
      RuntimeVersionConfig: { RuntimeVersionArn: runtimeVersionArn(this.region, this.settings.runtime) },
    };
  }

  /** Runs one invocation in an execution environment (waits while the function is still Pending). */
  async invoke(request: InvocationRequest): Promise<InvocationOutcome> {
    await this.activated;
    return this.pool.invoke(request);
  }

  /** Initialises an environment ahead of invocations, once the function is Active, if it has none. */
  prewarm(): void {
    void this.activated.then(() => this.pool.prewarm());
  }

  /** Stops every environment (DeleteFunction, emulator stop). */
  async stop(): Promise<void> {
    this.transition?.cancel();
    // Releases invocations waiting for activation; the stopped pool refuses them.
    this.markActivated();
    await this.pool.stop();
  }

  private executionSpec(): EnvironmentSpec {
    const { settings, code, revision } = this.deployed;
    return {
      revision: String(revision),
      functionName: this.name,
      functionArn: this.arn,
      version: "$LATEST",
      region: this.region,
      runtime: settings.runtime,
      handler: settings.handler,
      timeoutSeconds: settings.timeout,
      memorySize: settings.memorySize,
      variables: settings.variables ?? {},
      roleArn: settings.role,
      logGroupName: settings.logging.LogGroup,
      runtimeVersionArn: runtimeVersionArn(this.region, settings.runtime),
      logFormat: settings.logging.LogFormat,
      applicationLogLevel: settings.logging.ApplicationLogLevel,
      systemLogLevel: settings.logging.SystemLogLevel,
      extractCode: (directory) => code.extractTo(directory),
    };
  }

  private after(delayMs: number, apply: () => void): void {
    this.transition?.cancel();
    this.transition = undefined;
    if (delayMs <= 0) apply();
    else this.transition = this.clock.setTimer(delayMs, apply);
  }
}
