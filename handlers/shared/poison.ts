/**
 * The documented poison marker: records carrying it fail on purpose every
 * time, so they reach the dead-letter queue after maxReceiveCount receives.
 * Removing the marker (rewriting the object's metadata) lets a redriven
 * message succeed, because consumers always look at the current object.
 */
import { PoisonMarkerError } from "./errors.js";
import type { ObjectHead } from "./object-store.js";

/** User metadata name; set with the header `x-amz-meta-eda-poison` (any value). */
export const POISON_METADATA_NAME = "eda-poison";

export function assertObjectNotPoisoned(head: ObjectHead, key: string): void {
  if (POISON_METADATA_NAME in head.metadata) {
    throw new PoisonMarkerError(`object ${key} carries the ${POISON_METADATA_NAME} metadata marker`);
  }
}

export function assertMessageNotPoisoned(message: { poison: boolean }): void {
  if (message.poison) throw new PoisonMarkerError('message body has "poison": true');
}
