/**
 * An SQS event source mapping: its settings, its state machine (Creating ->
 * Enabled or Disabled; Enabling, Disabling, Updating; Deleting -> gone),
 * each transition taking the profile's mappingTransitionMs, and the pollers
 * that deliver the queue's messages to the function while it is Enabled.
 *
 * Pollers scale with the backlog. On AWS, "when messages are available,
 * Lambda starts processing five batches at a time" and "if messages are still
 * available, Lambda increases the number of processes that are reading
 * batches", scaling down as the queue empties (Lambda Developer Guide, "Using
 * Lambda with Amazon SQS", scaling and processing). Here one poller begins (a
 * machine's few cores would otherwise start five cold environments for five
 * messages), another joins each time a batch comes back full, and one leaves
 * each time a long poll comes back empty, up to MaximumConcurrency (5 unless
 * set, at most 10, the environments a function may have here).
 */
import type { EventSourceMappingConfiguration } from "@aws-sdk/client-lambda";
import type { Timer } from "../../clock.js";
import type { ServiceHub } from "../service.js";
import { eventSourceMappingArn, parseLambdaArn } from "./arns.js";
import { resourceInUse } from "./errors.js";
import { SqsPoller, type PollerRegion } from "./sqs-poller.js";
import type { LambdaFunction } from "./lambda-function.js";
import type { MappingSettings, MappingState } from "./mapping-settings.js";

/** Concurrent batches unless ScalingConfig says otherwise (Lambda starts five per SQS mapping). */
const DEFAULT_MAX_POLLERS = 5;
/** Never more pollers than a function has execution environments. */
const MAX_POLLERS = 10;

/** What a mapping needs of its region (LambdaRegion in store.ts). */
export interface MappingRegion extends PollerRegion {
  readonly accountId: string;
  readonly mappings: Map<string, EventSourceMapping>;
}

export class EventSourceMapping {
  readonly arn: string;
  state: MappingState = "Creating";
  lastModified: number;
  tags: Record<string, string>;
  private transition: Timer | undefined;
  private readonly pollers: SqsPoller[] = [];
  private stopped = false;

  constructor(
    readonly uuid: string,
    readonly eventSourceArn: string,
    public settings: MappingSettings,
    tags: Record<string, string>,
    private readonly region: MappingRegion,
    private readonly hub: ServiceHub,
  ) {
    this.arn = eventSourceMappingArn(region.region, region.accountId, uuid);
    this.lastModified = hub.clock.now();
    this.tags = { ...tags };
  }

  get isTransitioning(): boolean {
    return this.state !== "Enabled" && this.state !== "Disabled";
  }

  /** Whether messages received now should reach the function (also those of a poll begun before a restart). */
  get delivers(): boolean {
    return !this.stopped && this.settings.enabled && this.state !== "Deleting";
  }

  configuration(): EventSourceMappingConfiguration {
    const { settings } = this;
    return {
      UUID: this.uuid,
      BatchSize: settings.batchSize,
      MaximumBatchingWindowInSeconds: settings.maximumBatchingWindowInSeconds,
      EventSourceArn: this.eventSourceArn,
      FunctionArn: settings.functionArn,
      LastModified: new Date(this.lastModified),
      State: this.state,
      StateTransitionReason: "USER_INITIATED",
      FunctionResponseTypes: settings.reportBatchItemFailures ? ["ReportBatchItemFailures"] : [],
      ...(settings.maximumConcurrency !== undefined ? { ScalingConfig: { MaximumConcurrency: settings.maximumConcurrency } } : {}),
      EventSourceMappingArn: this.arn,
    };
  }

  /** Creating, then Enabled (polling) or Disabled; returns the configuration as of the request. */
  begin(): EventSourceMappingConfiguration {
    return this.settle("Creating");
  }

  /** Applies new settings: Enabling, Disabling or Updating, then the settled state; returns the configuration as of the request. */
  update(settings: MappingSettings): EventSourceMappingConfiguration {
    if (this.isTransitioning) throw resourceInUse("Cannot update the event source mapping because it is in use.");
    const enabling = settings.enabled && !this.settings.enabled;
    const disabling = !settings.enabled && this.settings.enabled;
    this.settings = settings;
    this.lastModified = this.hub.clock.now();
    // Disabling stops delivery at once; pollers also follow concurrency changes at once.
    this.adjustPollers(this.settings.enabled && !enabling);
    return this.settle(enabling ? "Enabling" : disabling ? "Disabling" : "Updating");
  }

  /** Deleting, then removed from the region; delivery stops at once. Returns the configuration as of the request. */
  delete(): EventSourceMappingConfiguration {
    if (this.isTransitioning) throw resourceInUse("Cannot delete the event source mapping because it is in use.");
    this.stop();
    this.state = "Deleting";
    this.lastModified = this.hub.clock.now();
    const shown = this.configuration();
    this.after(() => this.region.mappings.delete(this.uuid));
    return shown;
  }

  /** Stops polling for good (delete, emulator stop). */
  stop(): void {
    this.stopped = true;
    this.transition?.cancel();
    this.adjustPollers(false);
  }

  private settle(state: MappingState): EventSourceMappingConfiguration {
    this.state = state;
    const shown = this.configuration();
    this.after(() => {
      this.state = this.settings.enabled ? "Enabled" : "Disabled";
      this.adjustPollers(this.settings.enabled);
      // The first batch should not wait for a cold start (see EnvironmentPool.prewarm).
      if (this.settings.enabled) this.targetFunction()?.prewarm();
    });
    return shown;
  }

  private after(apply: () => void): void {
    this.transition?.cancel();
    this.transition = undefined;
    const delayMs = this.hub.settings.delays.mappingTransitionMs;
    if (delayMs <= 0) apply();
    else this.transition = this.hub.clock.setTimer(delayMs, apply);
  }

  /**
   * A poller's receive came back with `count` messages; `full` if it got all it asked for.
   * Scales the pollers with the backlog (see the file's comment).
   */
  received(poller: SqsPoller, count: number, full: boolean): void {
    if (!this.delivers || !this.pollers.includes(poller)) return;
    if (full && this.pollers.length < this.maxPollers) {
      this.pollers.push(new SqsPoller(this, this.region, this.hub));
    } else if (count === 0 && this.pollers.length > 1) {
      this.pollers.splice(this.pollers.indexOf(poller), 1);
      poller.stop();
    }
  }

  private targetFunction(): LambdaFunction | undefined {
    const parsed = parseLambdaArn(this.settings.functionArn);
    return parsed?.kind === "function" ? this.region.functions.get(parsed.name) : undefined;
  }

  private get maxPollers(): number {
    return Math.min(this.settings.maximumConcurrency ?? DEFAULT_MAX_POLLERS, MAX_POLLERS);
  }

  /** Polling: at least one poller, no more than MaximumConcurrency allows; none otherwise. */
  private adjustPollers(polling: boolean): void {
    const wanted = polling ? Math.min(Math.max(this.pollers.length, 1), this.maxPollers) : 0;
    while (this.pollers.length > wanted) this.pollers.pop()!.stop();
    while (this.pollers.length < wanted) this.pollers.push(new SqsPoller(this, this.region, this.hub));
  }
}
