/**
 * The `context` object a Node.js handler receives (Lambda's InvokeContext.js
 * and CallbackContext.js): function facts from the environment, invocation
 * facts from the Runtime API's headers, getRemainingTimeInMillis, and the
 * legacy succeed/fail/done and callbackWaitsForEmptyEventLoop controls.
 */
import type { IncomingHttpHeaders } from "node:http";

export interface CompletionControls {
  callbackWaitsForEmptyEventLoop: boolean;
  succeed(result?: unknown): void;
  fail(error?: unknown): void;
  done(error?: unknown, result?: unknown): void;
}

export interface InvocationHeaders {
  requestId: string;
  deadlineMs: number;
  invokedFunctionArn: string | undefined;
  traceId: string | undefined;
  clientContext: string | undefined;
  cognitoIdentity: string | undefined;
  tenantId: string | undefined;
}

export function readInvocationHeaders(headers: IncomingHttpHeaders): InvocationHeaders {
  const single = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const requestId = single("lambda-runtime-aws-request-id");
  if (!requestId) throw new Error("invocation id is missing or invalid");
  return {
    requestId,
    deadlineMs: Number(single("lambda-runtime-deadline-ms")),
    invokedFunctionArn: single("lambda-runtime-invoked-function-arn"),
    traceId: single("lambda-runtime-trace-id"),
    clientContext: single("lambda-runtime-client-context"),
    cognitoIdentity: single("lambda-runtime-cognito-identity"),
    tenantId: single("lambda-runtime-aws-tenant-id"),
  };
}

function parseJsonHeader(text: string | undefined, name: string): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`Cannot parse ${name} as json: ${String(error)}`);
  }
}

/** Builds the handler's context on top of the completion controls, and forwards the trace header. */
export function buildContext<T extends CompletionControls>(controls: T, invocation: InvocationHeaders) {
  if (invocation.traceId) process.env._X_AMZN_TRACE_ID = invocation.traceId;
  else delete process.env._X_AMZN_TRACE_ID;
  const deadline = invocation.deadlineMs;
  return Object.assign(controls, {
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: parseJsonHeader(invocation.clientContext, "ClientContext"),
    identity: parseJsonHeader(invocation.cognitoIdentity, "CognitoIdentity"),
    invokedFunctionArn: invocation.invokedFunctionArn,
    awsRequestId: invocation.requestId,
    tenantId: invocation.tenantId,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  });
}
