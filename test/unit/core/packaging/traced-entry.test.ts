import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { tracedEntry } from "../../../../src/core/packaging/traced-entry.js";
import { TRACE_MARKER } from "../../../../src/function-shim/trace-format.js";
import { encodeS3EventKey, s3EventJson, s3EventRecord, snsEnvelope, sqsEvent, sqsRecord } from "../../../../bench/lib/workloads/lambda-events.js";

describe("traced entry", () => {
  const dir = mkdtempSync(join(tmpdir(), "eda-traced-entry-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("bundles the user's export as index.handler wrapped in the shim, with nothing imported at run time but Node built-ins", async () => {
    const entry = join(dir, "index.ts");
    writeFileSync(
      entry,
      [
        'import type { SQSEvent } from "aws-lambda";',
        "export async function main(event: SQSEvent): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {",
        '  return { batchItemFailures: event.Records.filter((record) => record.body.includes("bad")).map((record) => ({ itemIdentifier: record.messageId })) };',
        "}",
      ].join("\n"),
    );
    const result = await build({
      stdin: tracedEntry({ consumer: "thumbs", entry, exportName: "main" }),
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node22",
      write: false,
      logLevel: "silent",
      metafile: true,
    });
    const imports = Object.values(result.metafile!.outputs).flatMap((output) => output.imports.map((imported) => imported.path));
    assert.deepEqual(imports, []);
    const bundlePath = join(dir, "index.mjs");
    writeFileSync(bundlePath, result.outputFiles[0]!.contents);
    const { handler } = (await import(pathToFileURL(bundlePath).href)) as { handler: (event: unknown, context: unknown) => Promise<unknown> };

    const record = (key: string, messageId: string) => sqsRecord(snsEnvelope(s3EventJson(s3EventRecord({ encodedKey: encodeS3EventKey(key) }))), { messageId });
    const logged: string[] = [];
    const original = console.log;
    console.log = (line: string) => logged.push(line);
    let returned: unknown;
    try {
      returned = await handler(sqsEvent(record("uploads/good.txt", "m-1"), record("uploads/bad.txt", "m-2")), { awsRequestId: "r" });
    } finally {
      console.log = original;
    }
    assert.deepEqual(returned, { batchItemFailures: [{ itemIdentifier: "m-2" }] });
    assert.equal(logged.length, 1);
    assert.ok(logged[0]!.startsWith(`${TRACE_MARKER} `));
    const line = JSON.parse(logged[0]!.slice(TRACE_MARKER.length + 1)) as { consumer: string; records: { keys: string[]; outcome: string }[] };
    assert.equal(line.consumer, "thumbs");
    assert.deepEqual(
      line.records.map((traced) => [traced.keys[0], traced.outcome]),
      [
        ["uploads/good.txt", "ok"],
        ["uploads/bad.txt", "reported"],
      ],
    );
  });
});
