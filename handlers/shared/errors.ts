/** Why a record failed; each one fails only its own record, never the batch. */

/** The record's body does not have the shape its envelope claims. Retrying will not help. */
export class MalformedEventError extends Error {
  override readonly name = "MalformedEventError";
}

/** The documented poison marker is present: fail on purpose, every time, until it is removed. */
export class PoisonMarkerError extends Error {
  override readonly name = "PoisonMarkerError";
}

/** Injected by EDA_TRANSIENT_FAILURE_RATE to exercise at-least-once delivery. */
export class InjectedTransientFailure extends Error {
  override readonly name = "InjectedTransientFailure";
}

/** The function's environment is wrong; every record would fail the same way. */
export class ConsumerConfigError extends Error {
  override readonly name = "ConsumerConfigError";
}
