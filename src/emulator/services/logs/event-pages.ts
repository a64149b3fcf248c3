/**
 * Paging through events. A response holds at most `limit` events and about
 * 1 MB (each event counting its UTF-8 message plus 26 bytes), as
 * GetLogEvents and FilterLogEvents document.
 */
import { EVENT_OVERHEAD_BYTES, MAX_BATCH_BYTES, type StoredEvent } from "./store.js";

/** The first events of `events` that fit one response. */
export function takeFromStart(events: StoredEvent[], limit: number): StoredEvent[] {
  const page: StoredEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    bytes += Buffer.byteLength(event.message, "utf8") + EVENT_OVERHEAD_BYTES;
    if (page.length >= limit || (bytes > MAX_BATCH_BYTES && page.length > 0)) break;
    page.push(event);
  }
  return page;
}

/** The last events of `events` that fit one response, in chronological order. */
export function takeFromEnd(events: StoredEvent[], limit: number): StoredEvent[] {
  const page: StoredEvent[] = [];
  let bytes = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i] as StoredEvent;
    bytes += Buffer.byteLength(event.message, "utf8") + EVENT_OVERHEAD_BYTES;
    if (page.length >= limit || (bytes > MAX_BATCH_BYTES && page.length > 0)) break;
    page.push(event);
  }
  return page.reverse();
}
