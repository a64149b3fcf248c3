/**
 * Option values of the proving commands, checked before anything is sent:
 * each problem is one UsageError line (exit 2) naming the flag and what it
 * accepts. Pure, so the CLI and the tests share one set of rules.
 */
import { UsageError } from "./errors.js";
import { BUILTIN_CONSUMERS, type Consumer } from "./stack/config.js";

/** S3's single PutObject limit; larger objects need a multipart upload. */
export const MAX_SINGLE_PUT_BYTES = 5 * 1024 ** 3;

export function parsePositiveInteger(value: string, flag: string, max = Number.MAX_SAFE_INTEGER): number {
  const text = value.trim();
  const number = Number(text);
  if (!/^\d+$/.test(text) || number < 1) throw new UsageError(`invalid ${flag} "${value}": expected a whole number of at least 1`);
  if (number > max) throw new UsageError(`invalid ${flag} "${value}": at most ${max}`);
  return number;
}

export function parseNonNegativeInteger(value: string, flag: string, max = Number.MAX_SAFE_INTEGER): number {
  const text = value.trim();
  const number = Number(text);
  if (!/^\d+$/.test(text)) throw new UsageError(`invalid ${flag} "${value}": expected a whole number of 0 or more`);
  if (number > max) throw new UsageError(`invalid ${flag} "${value}": at most ${max}`);
  return number;
}

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration above zero: plain seconds ("30", "2.5") or with a unit
 * ("500ms", "90s", "10m", "2h", "1d"). Returns milliseconds.
 */
export function parseDuration(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i.exec(value.trim());
  const ms = match ? Number(match[1]) * DURATION_UNITS_MS[(match[2] ?? "s").toLowerCase()]! : Number.NaN;
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new UsageError(`invalid ${flag} "${value}": expected a duration above zero, such as 30 (seconds), 90s, 10m or 2h`);
  }
  return Math.round(ms);
}

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1000, mb: 1000 ** 2, gb: 1000 ** 3, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** Bytes, optionally with a unit (KB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024), up to the single-put limit. */
export function parseByteSize(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)?$/i.exec(value.trim());
  const bytes = match ? Number(match[1]) * SIZE_UNITS[(match[2] ?? "b").toLowerCase()]! : Number.NaN;
  if (!Number.isFinite(bytes) || !Number.isInteger(bytes)) {
    throw new UsageError(`invalid ${flag} "${value}": expected a whole number of bytes, such as 1024, 64KiB or 5MB`);
  }
  if (bytes > MAX_SINGLE_PUT_BYTES) throw new UsageError(`invalid ${flag} "${value}": ${singlePutLimitText(bytes)}`);
  return bytes;
}

export function singlePutLimitText(bytes: number): string {
  return `${formatBytes(bytes)} is over S3's 5 GiB limit for a single upload: use a multipart upload (aws s3 cp does one automatically)`;
}

/** A consumer's name, or "all" (also "both", as before projects) for every consumer -> the consumers meant. */
export function parseConsumerChoice(value: string | undefined, flag = "--consumer", consumers: readonly Consumer[] = BUILTIN_CONSUMERS): Consumer[] {
  const choice = (value ?? "all").trim();
  if (choice === "all" || choice === "both") return [...consumers];
  if (consumers.includes(choice)) return [choice];
  throw new UsageError(`invalid ${flag} "${value}": expected ${consumers.join(", ")} or all`);
}

/** `--consumer NAME` and its alias `--queue NAME` -> the consumers meant (default: all of them). */
export function selectConsumers(options: { consumer?: string; queue?: string }, consumers: readonly Consumer[]): Consumer[] {
  if (options.consumer !== undefined && options.queue !== undefined && options.consumer.trim() !== options.queue.trim()) {
    throw new UsageError(`--consumer ${options.consumer} and --queue ${options.queue} disagree: give one of them (--queue is another name for --consumer)`);
  }
  if (options.queue !== undefined && options.consumer === undefined) return parseConsumerChoice(options.queue, "--queue", consumers);
  return parseConsumerChoice(options.consumer, "--consumer", consumers);
}

/** 1536 -> "1.5 KiB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}
