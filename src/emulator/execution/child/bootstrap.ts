/**
 * The runtime interface client each execution environment runs (the child
 * process): it loads the function's handler, then loops on the Runtime API
 * (next event, run the handler, post the response or error), with the
 * console, error and event-loop semantics of Lambda's Node.js client
 * (index.mjs, Runtime.js, CallbackContext.js). On nodejs24.x, as on Lambda,
 * callback-style handlers are refused and a plain return value is the result.
 *
 * Only Node.js built-ins and sibling modules may be imported here: this file
 * runs as plain JavaScript, from dist/ or bundled from the sources.
 */
import nodeModule from "node:module";
import { buildContext, readInvocationHeaders, type CompletionControls } from "./invoke-context.js";
import { logError, patchConsole, setCurrentRequestId } from "./log-patch.js";
import { RuntimeApiClient, type NextInvocation } from "./runtime-api-client.js";
import {
  CallbackHandlerDeprecated,
  NodeJsExit,
  toErrorResponse,
  UnhandledPromiseRejection,
} from "./runtime-errors.js";
import { loadHandler, type Handler } from "./user-function.js";

const CALLBACK_HANDLERS_REMOVED =
  "ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.";

const env = process.env;
const callbackHandlersRemoved = env.AWS_EXECUTION_ENV === "AWS_Lambda_nodejs24.x";

patchConsole(Number(env._LAMBDA_TELEMETRY_LOG_FD));
delete env._LAMBDA_TELEMETRY_LOG_FD;

/**
 * V8's compile cache, shared by every environment (Node 22.1+: module.enableCompileCache;
 * flushCompileCache from 22.10 writes it without waiting for an exit, which a killed
 * environment never has). The function's code and the SDK it imports then load without
 * being compiled again. Older Node has neither, and loads as before.
 */
const compileCache = nodeModule as { enableCompileCache?: (directory: string) => unknown; flushCompileCache?: () => void };
if (env._EDA_COMPILE_CACHE) compileCache.enableCompileCache?.(env._EDA_COMPILE_CACHE);
delete env._EDA_COMPILE_CACHE;

const client = new RuntimeApiClient(env.AWS_LAMBDA_RUNTIME_API ?? "");

/** What a crash reports to: the init phase at first, then the invocation in progress. */
let reportCrash = (error: unknown, exitCode: number) => {
  void client.postInitError(toErrorResponse(error)).finally(() => process.exit(exitCode));
};
process.on("uncaughtException", (error) => {
  logError("Uncaught Exception", error);
  reportCrash(error, 129);
});
process.on("unhandledRejection", (reason) => {
  const error = new UnhandledPromiseRejection(reason);
  logError("Unhandled Promise Rejection", error);
  reportCrash(error, 128);
});

/** Runs when the event loop has nothing left to do (callbackWaitsForEmptyEventLoop). */
let onEmptyEventLoop = () => {};
process.on("beforeExit", () => onEmptyEventLoop());

let handler: Handler;
try {
  handler = await loadHandler(env.LAMBDA_TASK_ROOT ?? process.cwd(), env.LAMBDA_RUNTIME_DIR ?? process.cwd(), env._HANDLER ?? "");
  if (callbackHandlersRemoved && handler.length >= 3) throw new CallbackHandlerDeprecated(CALLBACK_HANDLERS_REMOVED);
  compileCache.flushCompileCache?.();
} catch (error) {
  logError("Uncaught Exception", error);
  await client.postInitError(toErrorResponse(error)).catch(() => {});
  process.exit(129);
}
scheduleNextInvocation();

function scheduleNextInvocation(): void {
  setImmediate(() => {
    client.nextInvocation().then(runInvocation, () => {
      // The emulator stopped this environment (or stopped altogether).
      process.exit(0);
    });
  });
}

function runInvocation(next: NextInvocation): void {
  const invocation = readInvocationHeaders(next.headers);
  const requestId = invocation.requestId;
  setCurrentRequestId(requestId);
  reportCrash = (error, exitCode) => {
    void client.postInvocationError(requestId, toErrorResponse(error)).finally(() => process.exit(exitCode));
  };

  let reported = false;
  const postError = (error: unknown) => {
    logError("Invoke Error", error);
    client.postInvocationError(requestId, toErrorResponse(error)).then(scheduleNextInvocation, crashOnLostApi);
  };
  const complete = (result: unknown) => {
    if (reported) {
      console.error("Invocation has already been reported as done. Cannot call complete more than once per invocation.");
      return;
    }
    reported = true;
    let body: string;
    try {
      body = JSON.stringify(result === undefined ? null : result);
    } catch {
      postError(new Error("Unable to stringify response body"));
      return;
    }
    client.postInvocationResponse(requestId, body).then(scheduleNextInvocation, crashOnLostApi);
  };

  // Only the first of callback/succeed/fail/done counts.
  let finished = false;
  const once =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A) => {
      if (finished) return;
      fn(...args);
      finished = true;
    };
  let waitForEmptyEventLoop = true;
  const done = once((error?: unknown, result?: unknown) => {
    onEmptyEventLoop = () => {};
    if (error !== undefined && error !== null) postError(error);
    else complete(result);
  });
  const callback = once((error?: unknown, result?: unknown) => {
    onEmptyEventLoop = () => {};
    if (error !== undefined && error !== null) postError(error);
    else if (!waitForEmptyEventLoop) complete(result);
    else onEmptyEventLoop = () => setImmediate(() => complete(result));
  });
  const controls: CompletionControls = {
    get callbackWaitsForEmptyEventLoop() {
      return waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value: boolean) {
      waitForEmptyEventLoop = value;
    },
    succeed: (result?: unknown) => done(null, result),
    fail: (error?: unknown) => done(error === undefined || error === null ? "handled" : error, null),
    done,
  };

  // A handler that neither settles nor calls back: when the loop runs dry an
  // async one failed (its promise can never settle), a plain one returned nothing.
  const isAsync = handler.constructor?.name === "AsyncFunction";
  onEmptyEventLoop = () => {
    onEmptyEventLoop = () => {};
    reported = true;
    finished = true;
    if (isAsync) postError(new NodeJsExit());
    else client.postInvocationResponse(requestId, "null").then(scheduleNextInvocation, crashOnLostApi);
  };

  try {
    const event = JSON.parse(next.body) as unknown;
    const context = buildContext(controls, invocation);
    const result = callbackHandlersRemoved ? handler(event, context) : handler(event, context, callback);
    if (isPromiseLike(result)) {
      result.then(controls.succeed, controls.fail);
    } else if (callbackHandlersRemoved) {
      controls.succeed(result);
    }
  } catch (error) {
    callback(error);
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === "function";
}

function crashOnLostApi(): void {
  process.exit(0);
}
