/**
 * The JSON S3 sends: event records of version 2.1 (§2.7) and the
 * s3:TestEvent (§2.6), field for field.
 */
import type { Principal } from "../../../policy/principal.js";
import { ownerPrincipalId } from "../identity.js";
import type { Bucket } from "../bucket.js";

/** What happened to one object, in S3's event-name vocabulary (no "s3:" prefix). */
export interface ObjectEvent {
  name:
    | "ObjectCreated:Put"
    | "ObjectCreated:Copy"
    | "ObjectCreated:CompleteMultipartUpload"
    | "ObjectRemoved:Delete"
    | "ObjectRemoved:DeleteMarkerCreated";
  key: string;
  /** ObjectCreated only. */
  size?: number;
  /** Unquoted; ObjectCreated only. */
  etag?: string;
  /** Only when the bucket has versioning (not for "null" versions). */
  versionId?: string;
}

/** Who did it and how: the request the event came from. */
export interface EventRequest {
  principal: Principal;
  sourceIp: string;
  requestId: string;
  hostId: string;
  time: number;
}

/**
 * Keys are form-encoded like Java's URLEncoder (space as "+", "+" as "%2B",
 * "(" as "%28"), with "/" left readable.
 */
function encodeEventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+")
    .replace(/%2F/g, "/");
}

/** `AWS:<user id>` of the caller: the account id for root, ROLEID:session for role sessions. */
function principalIdOf(principal: Principal): string {
  return `AWS:${principal.kind === "service" ? principal.service : principal.userId}`;
}

export function eventRecord(
  bucket: Bucket,
  event: ObjectEvent,
  request: EventRequest,
  configurationId: string,
  sequencer: string,
): Record<string, unknown> {
  const object: Record<string, unknown> = { key: encodeEventKey(event.key) };
  if (event.size !== undefined) object.size = event.size;
  if (event.etag !== undefined) object.eTag = event.etag;
  if (event.versionId !== undefined) object.versionId = event.versionId;
  object.sequencer = sequencer;
  return {
    eventVersion: "2.1",
    eventSource: "aws:s3",
    awsRegion: bucket.region,
    eventTime: new Date(request.time).toISOString(),
    eventName: event.name,
    userIdentity: { principalId: principalIdOf(request.principal) },
    requestParameters: { sourceIPAddress: request.sourceIp },
    responseElements: { "x-amz-request-id": request.requestId, "x-amz-id-2": request.hostId },
    s3: {
      s3SchemaVersion: "1.0",
      configurationId,
      bucket: { name: bucket.name, ownerIdentity: { principalId: ownerPrincipalId(bucket.ownerAccount) }, arn: bucket.arn },
      object,
    },
  };
}

/** The message S3 sends to each destination when a configuration is put; it has no `Records`. */
export function testEvent(bucket: Bucket, request: Pick<EventRequest, "requestId" | "hostId" | "time">): string {
  return JSON.stringify({
    Service: "Amazon S3",
    Event: "s3:TestEvent",
    Time: new Date(request.time).toISOString(),
    Bucket: bucket.name,
    RequestId: request.requestId,
    HostId: request.hostId,
  });
}
