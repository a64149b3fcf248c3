/**
 * Queues per account and region, the 60-second memory of deleted names, and
 * the lookups operations use: by queue URL (path only) and by ARN.
 */
import { ServiceState } from "../service-state.js";
import type { ServiceHub } from "../service.js";
import type { AccessCheck, OperationContext } from "../service.js";
import { queueDoesNotExist, required } from "./errors.js";
import type { AttributeContext, QueueSettings } from "./queue-attributes.js";
import type { MessageMoveTask } from "./move-task.js";
import { Queue, type QueueEnvironment } from "./queue.js";
import { parseQueueUrl } from "./queue-url.js";
import { parseQueueArn, queueArn } from "../../queue-address.js";

/** AWS refuses to recreate a deleted queue's name for 60 seconds. */
const DELETED_NAME_BLOCK_MS = 60_000;

export class SqsRegionStore {
  readonly queues = new Map<string, Queue>();
  private readonly deletedAt = new Map<string, number>();
  /** Each source queue's move tasks, oldest first; kept here so a queue knows nothing of redrives. */
  private readonly moveTasks = new Map<string, MessageMoveTask[]>();

  constructor(
    readonly accountId: string,
    readonly region: string,
    private readonly env: QueueEnvironment,
  ) {}

  createQueue(name: string, settings: QueueSettings, tags: Record<string, string>): Queue {
    const queue = new Queue(name, this.accountId, this.region, settings, this.env);
    for (const [key, value] of Object.entries(tags)) queue.tags.set(key, value);
    this.queues.set(name, queue);
    this.deletedAt.delete(name);
    return queue;
  }

  /** The move tasks of a source queue (a live list: StartMessageMoveTask adds to it). */
  moveTasksOf(queue: Queue): MessageMoveTask[] {
    let tasks = this.moveTasks.get(queue.arn);
    if (!tasks) {
      tasks = [];
      this.moveTasks.set(queue.arn, tasks);
    }
    return tasks;
  }

  deleteQueue(queue: Queue): void {
    this.stopMoveTasks(queue.arn);
    queue.close();
    this.queues.delete(queue.name);
    this.deletedAt.set(queue.name, this.env.clock.now());
  }

  deletedRecently(name: string): boolean {
    const at = this.deletedAt.get(name);
    if (at === undefined) return false;
    if (this.env.clock.now() - at < DELETED_NAME_BLOCK_MS) return true;
    this.deletedAt.delete(name);
    return false;
  }

  close(): void {
    for (const arn of [...this.moveTasks.keys()]) this.stopMoveTasks(arn);
    for (const queue of this.queues.values()) queue.close();
  }

  private stopMoveTasks(arn: string): void {
    for (const task of this.moveTasks.get(arn) ?? []) task.stop();
    this.moveTasks.delete(arn);
  }
}

/** Every region store of one emulator, so stopping it can end long polls and timers. */
class SqsStores {
  readonly all: SqsRegionStore[] = [];
  readonly env: QueueEnvironment;

  constructor(hub: ServiceHub) {
    this.env = {
      clock: hub.queueClock,
      random: hub.random,
      log: (entry) => hub.log({ service: "sqs", ...entry }),
      queueByArn: (arn) => queueByArn(hub, arn),
    };
  }
}

const registries = new ServiceState<SqsStores>("SQS region stores");
const regions = new ServiceState<SqsRegionStore>("SQS queues");

function stores(hub: ServiceHub): SqsStores {
  return registries.global(hub, () => new SqsStores(hub));
}

export function sqsStore(hub: ServiceHub, accountId: string, region: string): SqsRegionStore {
  return regions.forRegion(hub, accountId, region, () => {
    const registry = stores(hub);
    const store = new SqsRegionStore(accountId, region, registry.env);
    registry.all.push(store);
    return store;
  });
}

export function queueByArn(hub: ServiceHub, arn: string): Queue | undefined {
  const parts = parseQueueArn(arn);
  return parts ? sqsStore(hub, parts.accountId, parts.region).queues.get(parts.name) : undefined;
}

export function closeAllQueues(hub: ServiceHub): void {
  for (const store of stores(hub).all) store.close();
}

/** The queue a request's QueueUrl names, in the request's region. */
export function requireQueue(ctx: OperationContext, url: string | undefined): Queue {
  const { accountId, name } = parseQueueUrl(required(url, "QueueUrl"));
  const queue = sqsStore(ctx.hub, accountId, ctx.region).queues.get(name);
  if (!queue) throw queueDoesNotExist();
  return queue;
}

/** The queue ARN a QueueUrl stands for, for IAM. */
export function queueArnFromUrl(ctx: OperationContext, url: string | undefined): string {
  const { accountId, name } = parseQueueUrl(required(url, "QueueUrl"));
  return queueArn(ctx.region, accountId, name);
}

/** `sqs:<action>` on the queue a QueueUrl names. */
export function queueAccess(action: string, ctx: OperationContext, url: string | undefined): AccessCheck {
  return { action: `sqs:${action}`, resource: queueArnFromUrl(ctx, url) };
}

/** The queue environment shared by every queue of this emulator (for message move tasks). */
export function queueEnvironment(hub: ServiceHub): QueueEnvironment {
  return stores(hub).env;
}

/** What attribute validation may ask about other queues: the dead-letter target's RedriveAllowPolicy. */
export function attributeContext(hub: ServiceHub, arn: string): AttributeContext {
  return {
    queueArn: arn,
    redriveAllowPolicyOf: (targetArn) => {
      const target = queueByArn(hub, targetArn);
      return target ? target.settings.RedriveAllowPolicy : "missing";
    },
  };
}
