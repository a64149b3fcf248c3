/**
 * Bundles a project consumer's handler for the function's runtime: one ES
 * module (`index.mjs`, so the handler is `index.handler`), tree-shaken, the
 * runtime's own AWS SDK v3 left external, then zipped deterministically so
 * the same sources give the same CodeSha256.
 */
import { createHash } from "node:crypto";
import { build } from "esbuild";
import { UsageError } from "../errors.js";
import type { ConsumerSpec } from "../stack.js";
import type { HandlerCode } from "../resources/resource.js";
import { tracedEntry } from "./traced-entry.js";
import { writeZip } from "./zip-writer.js";

export async function bundleProjectConsumer(consumer: ConsumerSpec): Promise<HandlerCode> {
  if (consumer.code.kind !== "project") throw new Error(`consumer ${consumer.name} is not a project consumer`);
  const { entry, exportName } = consumer.code;
  const result = await build({
    stdin: tracedEntry({ consumer: consumer.name, entry, exportName }),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    external: ["@aws-sdk/*"],
    write: false,
    logLevel: "silent",
    legalComments: "none",
  }).catch((error: unknown) => {
    const first = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors?.[0];
    if (!first) throw error;
    const where = first.location ? `${first.location.file}:${first.location.line}: ` : "";
    throw new UsageError(`consumer ${consumer.name}: ${where}${first.text}`, { cause: error });
  });
  const bundle = result.outputFiles[0]!.contents;
  const zip = writeZip([{ name: "index.mjs", data: bundle }]);
  return { zip, sha256: createHash("sha256").update(zip).digest("base64") };
}
