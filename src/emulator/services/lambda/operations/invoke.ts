import type { InvokeCommandInput, InvokeCommandOutput } from "@aws-sdk/client-lambda";
import { AwsError } from "../../../errors.js";
import { EnvironmentPoolClosedError } from "../../../execution/host/environment-pool.js";
import { defineOperation } from "../../service.js";
import { qualifiedName, requestedFunctionArn } from "../arns.js";
import { functionNotFound, invalidParameter, requestTooLarge } from "../errors.js";
import { invocationRequest } from "../invocation.js";
import { findFunction } from "../store.js";

/** Synchronous payloads up to 6 MB; asynchronous (Event) ones up to 1 MB. */
const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
const MAX_ASYNC_PAYLOAD = 1024 * 1024;
/** LogType Tail returns the last 4 KB of the invocation's log. */
const LOG_TAIL_BYTES = 4096;

export const invoke = defineOperation<InvokeCommandInput, InvokeCommandOutput>({
  access: (input, ctx) => ({ action: "lambda:InvokeFunction", resource: requestedFunctionArn(input.FunctionName, ctx, input.Qualifier) }),
  handle: async (input, ctx) => {
    const fn = findFunction(ctx, qualifiedName(input.FunctionName, input.Qualifier));
    const invocationType = input.InvocationType ?? "RequestResponse";
    const payload = bytesOf(input.Payload);
    const limit = invocationType === "Event" ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
    if (payload.length > limit) throw requestTooLarge(limit, "InvokeFunction");
    const event = parsedPayload(payload);
    fn.assertInvocable();
    if (invocationType === "DryRun") return { StatusCode: 204 };

    const request = invocationRequest(ctx.hub, event, clientContextOf(input.ClientContext));
    if (invocationType === "Event") {
      // Queued and run in the background; the caller only learns it was accepted.
      fn.invoke(request).then(
        (outcome) => {
          if (outcome.kind === "error") {
            ctx.hub.log({ level: "warn", message: "asynchronous invocation failed", function: fn.arn, requestId: request.requestId, errorType: outcome.errorType });
          }
        },
        (error: unknown) => ctx.hub.log({ level: "warn", message: "asynchronous invocation dropped", function: fn.arn, error: String(error) }),
      );
      return { StatusCode: 202 };
    }

    const outcome = await fn.invoke(request).catch((error: unknown) => {
      if (error instanceof EnvironmentPoolClosedError) throw functionNotFound(fn.arn);
      throw error;
    });
    return {
      StatusCode: 200,
      ExecutedVersion: "$LATEST",
      // The codec writes the bytes; the SDK's blob adapter type only matters to SDK callers.
      Payload: new Uint8Array(outcome.payload) as InvokeCommandOutput["Payload"],
      ...(outcome.kind === "error" ? { FunctionError: "Unhandled" } : {}),
      ...(input.LogType === "Tail" ? { LogResult: logTail(outcome.log) } : {}),
    };
  },
});

/** The codec decodes the payload as bytes. */
function bytesOf(payload: InvokeCommandInput["Payload"]): Buffer {
  if (payload === undefined) return Buffer.alloc(0);
  if (typeof payload === "string") return Buffer.from(payload, "utf8");
  if (ArrayBuffer.isView(payload)) return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  throw invalidParameter("The payload could not be read.");
}

/** The event must be JSON; no payload at all is the empty object. */
function parsedPayload(payload: Buffer): Buffer {
  if (payload.length === 0) return Buffer.from("{}");
  try {
    JSON.parse(payload.toString("utf8"));
  } catch (error) {
    throw new AwsError(
      "InvalidRequestContentException",
      `Could not parse request body into json: Could not parse payload into json: ${(error as Error).message}`,
      { status: 400 },
    );
  }
  return payload;
}

/** X-Amz-Client-Context is base64 JSON; the runtime receives the JSON. */
function clientContextOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const json = Buffer.from(header, "base64").toString("utf8");
  try {
    JSON.parse(json);
  } catch {
    throw invalidParameter("Client context must be a valid Base64-encoded JSON object.");
  }
  return json;
}

function logTail(log: string): string {
  const bytes = Buffer.from(log, "utf8");
  return bytes.subarray(Math.max(0, bytes.length - LOG_TAIL_BYTES)).toString("base64");
}
