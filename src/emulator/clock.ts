import { randomBytes, randomUUID } from "node:crypto";

/**
 * Time and randomness are injected so that time-based rules (visibility timeouts,
 * 60-second windows, retention, delays) can be tested without sleeping.
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** Runs `fn` once `ms` have passed on this clock. */
  setTimer(ms: number, fn: () => void): Timer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const handle = setTimeout(fn, Math.max(0, ms));
    handle.unref?.();
    return { cancel: () => clearTimeout(handle) };
  },
};

/** The clock SQS and the mappings' pollers read: queue time, which may run faster than the clock it derives from. */
export interface QueueClock extends Clock {
  /** How many times faster than its base clock queue time runs (1: in step). */
  readonly scale: number;
  /** The base clock's time at queue instant `t`, for timestamps users compare with other services' (SentTimestamp). */
  baseTime(t: number): number;
}

/**
 * Queue time running `scale` times faster than `base` from the moment it is
 * made: a 180-second visibility timeout passes in 3 s at 60. Only queues and
 * pollers use it; function timeouts, IAM propagation and CPU work stay on `base`.
 */
export class ScaledClock implements QueueClock {
  private readonly origin: number;

  constructor(
    private readonly base: Clock,
    readonly scale: number,
  ) {
    this.origin = base.now();
  }

  now(): number {
    return this.origin + (this.base.now() - this.origin) * this.scale;
  }

  setTimer(ms: number, fn: () => void): Timer {
    return this.base.setTimer(ms / this.scale, fn);
  }

  baseTime(t: number): number {
    return this.origin + (t - this.origin) / this.scale;
  }
}

/** A clock that only moves when told to; timers fire in due order as it advances. */
export class ManualClock implements Clock {
  private current: number;
  private timers: { due: number; fn: () => void; cancelled: boolean }[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(ms: number, fn: () => void): Timer {
    const timer = { due: this.current + Math.max(0, ms), fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }

  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.timers
        .filter((t) => !t.cancelled && t.due <= target)
        .sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.current = Math.max(this.current, next.due);
      next.cancelled = true;
      next.fn();
    }
    this.timers = this.timers.filter((t) => !t.cancelled);
    this.current = target;
  }
}

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  uuid(): string;
  hex(bytes: number): string;
}

/** Random bytes drawn from the OS in blocks: one call per block instead of one per receipt handle or id. */
const RANDOM_POOL_BYTES = 4096;
let randomPool = Buffer.alloc(0);
let randomPoolOffset = 0;

function randomHex(bytes: number): string {
  if (bytes > RANDOM_POOL_BYTES) return randomBytes(bytes).toString("hex");
  if (randomPoolOffset + bytes > randomPool.length) {
    randomPool = randomBytes(RANDOM_POOL_BYTES);
    randomPoolOffset = 0;
  }
  const hex = randomPool.toString("hex", randomPoolOffset, randomPoolOffset + bytes);
  randomPoolOffset += bytes;
  return hex;
}

export const systemRandom: Random = {
  next: () => Math.random(),
  uuid: () => randomUUID(),
  hex: randomHex,
};

/** Deterministic random source (mulberry32) for reproducible tests and fault injection. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (bytes: number) =>
    Array.from({ length: bytes }, () => Math.floor(next() * 256).toString(16).padStart(2, "0")).join("");
  return {
    next,
    hex,
    uuid: () => {
      const h = hex(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
}
