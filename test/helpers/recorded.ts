/**
 * What the conformance suites share: checking an SDK error against the code,
 * HTTP status and message AWS answered in a recording, and reading the raw
 * HTTP answer (status and headers) a client received, which the SDK's
 * parsed output leaves out.
 */
import assert from "node:assert/strict";

export interface RecordedError {
  code: string;
  status: number;
  /** Exact message, or a pattern where the recording only fixes part of it. */
  message?: string | RegExp;
}

type SdkError = Error & { $metadata?: { httpStatusCode?: number }; Code?: string };

export async function rejectsAsRecorded(promise: Promise<unknown>, recorded: RecordedError): Promise<SdkError> {
  let caught: SdkError | undefined;
  await assert.rejects(promise, (error: SdkError) => {
    caught = error;
    return true;
  });
  assert.equal(caught!.name, recorded.code, `error code (message: ${caught!.message})`);
  assert.equal(caught!.$metadata?.httpStatusCode, recorded.status, "HTTP status");
  if (typeof recorded.message === "string") assert.equal(caught!.message, recorded.message);
  else if (recorded.message) assert.match(caught!.message, recorded.message);
  return caught!;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
}

interface MiddlewareClient {
  middlewareStack: {
    add(middleware: unknown, options: { step: "deserialize"; priority: "low"; name: string }): void;
  };
}

/**
 * Records the raw status and headers of every answer the client receives
 * (errors included), before the SDK parses them; `last()` is the newest.
 */
export function rawAnswers(client: MiddlewareClient): { last(): RawAnswer } {
  let latest: RawAnswer | undefined;
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<{ response: { statusCode: number; headers: Record<string, string> } }>) => async (args: unknown) => {
      const result = await next(args);
      latest = { status: result.response.statusCode, headers: { ...result.response.headers } };
      return result;
    },
    { step: "deserialize", priority: "low", name: "conformanceRawAnswers" },
  );
  return {
    last() {
      assert.ok(latest, "no answer received yet");
      return latest;
    },
  };
}
