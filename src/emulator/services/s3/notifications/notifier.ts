/**
 * Turns object changes into notifications: for every configuration whose
 * events and filters match, one record is delivered to its destination
 * after the response has been sent; deliveries start in the order of the
 * changes and overlap, as S3 does not promise ordered delivery. A delivery
 * that fails is written to the emulator's log; the uploader never sees it (§2.7).
 */
import type { OperationContext } from "../../service.js";
import { s3HostId } from "../../../request-ids.js";
import type { Bucket } from "../bucket.js";
import { s3Store } from "../store.js";
import { ruleMatches, rulesOf } from "./configuration.js";
import { sendToDestination } from "./destinations.js";
import { eventRecord, type EventRequest, type ObjectEvent } from "./event-records.js";

export function eventRequestOf(ctx: OperationContext): EventRequest {
  return {
    principal: ctx.principal,
    sourceIp: ctx.http?.sourceIp ?? "127.0.0.1",
    requestId: ctx.requestId,
    hostId: s3HostId(ctx.requestId),
    time: ctx.hub.clock.now(),
  };
}

export function notifyObjectEvents(ctx: OperationContext, bucket: Bucket, events: readonly ObjectEvent[]): void {
  const rules = rulesOf(bucket.notifications);
  if (rules.length === 0 || events.length === 0) return;
  const hub = ctx.hub;
  const request = eventRequestOf(ctx);
  for (const event of events) {
    const sequencer = bucket.nextSequencer(request.time);
    for (const rule of rules) {
      if (!ruleMatches(rule, `s3:${event.name}`, event.key)) continue;
      const message = JSON.stringify({ Records: [eventRecord(bucket, event, request, rule.id, sequencer)] });
      s3Store(hub).enqueueDelivery(async () => {
        try {
          await sendToDestination(hub, bucket, { kind: rule.kind, arn: rule.destinationArn }, message);
        } catch (error) {
          hub.log({
            level: "warn",
            message: "S3 event notification not delivered",
            service: "s3",
            bucket: bucket.name,
            key: event.key,
            eventName: event.name,
            configurationId: rule.id,
            destination: rule.destinationArn,
            reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          });
        }
      });
    }
  }
}
