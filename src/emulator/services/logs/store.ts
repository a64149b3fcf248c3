/**
 * CloudWatch Logs state of one account and region: log groups, their
 * streams and events. Events are kept in (timestamp, ingestion order) order;
 * that pair is also what event ids and pagination tokens encode, so tokens
 * stay valid while new events arrive. Retention is applied by the injected
 * clock whenever a group is read.
 */
import { ServiceState } from "../service-state.js";
import type { Clock } from "../../clock.js";
import { AwsError } from "../../errors.js";
import type { ServiceHub } from "../service.js";
import { constraintViolation, invalidParameter, noSuchLogGroup, noSuchLogStream } from "./errors.js";

const DAY_MS = 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;

/** PutLogEvents quotas (CloudWatch Logs API reference). */
export const MAX_BATCH_EVENTS = 10_000;
export const MAX_BATCH_BYTES = 1_048_576;
/** Each event counts its UTF-8 message plus 26 bytes towards the batch size. */
export const EVENT_OVERHEAD_BYTES = 26;

export interface StoredEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
  /** Ingestion order within the group; breaks timestamp ties. */
  sequence: number;
  streamName: string;
}

/** Position of an event in the group's order: 20 digits of timestamp and 36 of sequence. */
export function eventKey(event: Pick<StoredEvent, "timestamp" | "sequence">): string {
  return `${String(event.timestamp).padStart(20, "0")}${String(event.sequence).padStart(36, "0")}`;
}

/** The key before every event. */
export const FIRST_KEY = "0".repeat(56);

export function isEventKey(text: string): boolean {
  return /^\d{56}$/.test(text);
}

export function compareEvents(a: StoredEvent, b: StoredEvent): number {
  return a.timestamp - b.timestamp || a.sequence - b.sequence;
}

export interface RejectedEvents {
  tooNewLogEventStartIndex?: number;
  tooOldLogEventEndIndex?: number;
  expiredLogEventEndIndex?: number;
}

export class LogStream {
  /** Ordered by timestamp, then ingestion order. */
  readonly events: StoredEvent[] = [];
  lastIngestionTime: number | undefined;
  private uploads = 0;

  constructor(
    readonly name: string,
    readonly creationTime: number,
  ) {}

  get firstEventTimestamp(): number | undefined {
    return this.events[0]?.timestamp;
  }

  get lastEventTimestamp(): number | undefined {
    return this.events[this.events.length - 1]?.timestamp;
  }

  get storedBytes(): number {
    return this.events.reduce((sum, event) => sum + Buffer.byteLength(event.message, "utf8"), 0);
  }

  /** Sequence tokens are no longer checked by AWS, but PutLogEvents still returns one. */
  nextSequenceToken(): string {
    this.uploads++;
    return String(this.uploads).padStart(56, "0");
  }

  /** Adds a chronological batch; it may be older than events already stored. */
  insert(batch: StoredEvent[]): void {
    const last = this.events[this.events.length - 1];
    const first = batch[0];
    if (!first) return;
    this.events.push(...batch);
    if (last && compareEvents(last, first) > 0) this.events.sort(compareEvents);
  }

  /** Drops events older than `cutoff` (their timestamp, as retention does). */
  expireBefore(cutoff: number): void {
    let count = 0;
    while (count < this.events.length && (this.events[count] as StoredEvent).timestamp < cutoff) count++;
    if (count > 0) this.events.splice(0, count);
  }
}

export interface LogGroupOptions {
  kmsKeyId?: string;
  logGroupClass: string;
  deletionProtectionEnabled: boolean;
  tags: Record<string, string>;
}

export class LogGroup {
  retentionInDays: number | undefined;
  readonly tags: Map<string, string>;
  private readonly streams = new Map<string, LogStream>();
  private nextSequence = 1;

  constructor(
    readonly name: string,
    readonly creationTime: number,
    readonly options: LogGroupOptions,
    private readonly clock: Clock,
  ) {
    this.tags = new Map(Object.entries(options.tags));
  }

  get storedBytes(): number {
    let total = 0;
    for (const stream of this.streams.values()) total += stream.storedBytes;
    return total;
  }

  /** Adds or overwrites tags; a group carries at most 50. */
  tag(tags: Record<string, string>): void {
    const keys = new Set([...this.tags.keys(), ...Object.keys(tags)]);
    if (keys.size > 50) {
      throw new AwsError("TooManyTagsException", "A resource can have no more than 50 tags.");
    }
    for (const [key, value] of Object.entries(tags)) this.tags.set(key, value);
  }

  untag(keys: string[]): void {
    for (const key of keys) this.tags.delete(key);
  }

  /** Streams in name order. */
  listStreams(): LogStream[] {
    return [...this.streams.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  stream(name: string): LogStream {
    const stream = this.streams.get(name);
    if (!stream) throw noSuchLogStream();
    return stream;
  }

  createStream(name: string): LogStream {
    if (this.streams.has(name)) {
      throw new AwsError("ResourceAlreadyExistsException", "The specified log stream already exists");
    }
    const stream = new LogStream(name, this.clock.now());
    this.streams.set(name, stream);
    return stream;
  }

  deleteStream(name: string): void {
    if (!this.streams.delete(name)) throw noSuchLogStream();
  }

  /** Events older than the retention period are gone (by their timestamp). */
  applyRetention(): void {
    if (this.retentionInDays === undefined) return;
    const cutoff = this.clock.now() - this.retentionInDays * DAY_MS;
    for (const stream of this.streams.values()) stream.expireBefore(cutoff);
  }

  /**
   * PutLogEvents: the batch must be chronological, within 24 hours, ≤ 10,000
   * events and ≤ 1 MiB. Events more than 2 hours in the future, older than
   * 14 days, or older than the retention period are rejected individually and
   * reported by index; the rest are stored.
   */
  putEvents(streamName: string, batch: { timestamp: number; message: string }[]): { rejected?: RejectedEvents; nextSequenceToken: string } {
    if (batch.length === 0) {
      throw constraintViolation("logEvents", "[]", "Member must have length greater than or equal to 1");
    }
    if (batch.length > MAX_BATCH_EVENTS) {
      throw constraintViolation("logEvents", `[${batch.length} events]`, `Member must have length less than or equal to ${MAX_BATCH_EVENTS}`);
    }
    let bytes = 0;
    for (const [index, event] of batch.entries()) {
      if (event.message.length === 0) {
        throw constraintViolation(`logEvents.${index + 1}.member.message`, "", "Member must have length greater than or equal to 1");
      }
      bytes += Buffer.byteLength(event.message, "utf8") + EVENT_OVERHEAD_BYTES;
    }
    if (bytes > MAX_BATCH_BYTES) {
      throw invalidParameter(`Upload too large: ${bytes} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
    }
    for (let i = 1; i < batch.length; i++) {
      if ((batch[i] as { timestamp: number }).timestamp < (batch[i - 1] as { timestamp: number }).timestamp) {
        throw invalidParameter("Log events in a single PutLogEvents request must be in chronological order.");
      }
    }
    const first = (batch[0] as { timestamp: number }).timestamp;
    const last = (batch[batch.length - 1] as { timestamp: number }).timestamp;
    if (last - first > 24 * HOUR_MS) {
      throw invalidParameter("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
    }

    const stream = this.stream(streamName);
    this.applyRetention();
    const now = this.clock.now();
    const rejected: RejectedEvents = {};
    const retentionCutoff = this.retentionInDays === undefined ? undefined : now - this.retentionInDays * DAY_MS;
    const accepted: StoredEvent[] = [];
    for (const [index, event] of batch.entries()) {
      if (event.timestamp > now + 2 * HOUR_MS) {
        rejected.tooNewLogEventStartIndex ??= index;
        continue;
      }
      let refused = false;
      if (event.timestamp < now - 14 * DAY_MS) {
        rejected.tooOldLogEventEndIndex = index;
        refused = true;
      }
      if (retentionCutoff !== undefined && event.timestamp < retentionCutoff) {
        rejected.expiredLogEventEndIndex = index;
        refused = true;
      }
      if (refused) continue;
      accepted.push({ timestamp: event.timestamp, message: event.message, ingestionTime: now, sequence: this.nextSequence++, streamName });
    }
    if (accepted.length > 0) {
      stream.insert(accepted);
      stream.lastIngestionTime = now;
    }
    return {
      rejected: Object.keys(rejected).length > 0 ? rejected : undefined,
      nextSequenceToken: stream.nextSequenceToken(),
    };
  }

  /** Events of the given streams in group order (timestamp, then ingestion). */
  eventsOf(streams: LogStream[]): StoredEvent[] {
    if (streams.length === 1) return (streams[0] as LogStream).events;
    return streams.flatMap((stream) => stream.events).sort(compareEvents);
  }
}

export class LogsRegion {
  private readonly groups = new Map<string, LogGroup>();

  constructor(private readonly clock: Clock) {}

  /** Group names in the order DescribeLogGroups lists them. */
  listGroups(): LogGroup[] {
    const groups = [...this.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const group of groups) group.applyRetention();
    return groups;
  }

  findGroup(name: string): LogGroup | undefined {
    const group = this.groups.get(name);
    group?.applyRetention();
    return group;
  }

  group(name: string): LogGroup {
    const group = this.findGroup(name);
    if (!group) throw noSuchLogGroup();
    return group;
  }

  createGroup(name: string, options: LogGroupOptions): LogGroup {
    if (this.groups.has(name)) {
      throw new AwsError("ResourceAlreadyExistsException", "The specified log group already exists");
    }
    const group = new LogGroup(name, this.clock.now(), options, this.clock);
    this.groups.set(name, group);
    return group;
  }

  deleteGroup(name: string): void {
    const group = this.group(name);
    if (group.options.deletionProtectionEnabled) {
      // Error code for protected groups is unconfirmed; AWS documents only that deletion is blocked.
      throw new AwsError(
        "InvalidOperationException",
        `Log group ${name} has deletion protection enabled. Disable deletion protection before deleting the log group.`,
      );
    }
    this.groups.delete(name);
  }
}

const regions = new ServiceState<LogsRegion>("CloudWatch Logs groups");

export function logsRegion(hub: ServiceHub, accountId: string, region: string): LogsRegion {
  return regions.forRegion(hub, accountId, region, () => new LogsRegion(hub.clock));
}
