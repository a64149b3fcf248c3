/**
 * Packages a consumer's bundle (dist/handlers/<name>/index.mjs, built by
 * `npm run build`) as the Lambda deployment zip: `index.mjs` only, so the
 * handler is `index.handler` and the runtime loads it as an ES module.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { packageRoot } from "./package-root.js";
import { zipFiles } from "./zip.js";

export type HandlerName = string;

export interface HandlerZip {
  zip: Uint8Array;
  /** Base64 SHA-256 of the zip bytes: what Lambda reports as CodeSha256. */
  sha256: string;
}

export interface HandlerZipOptions {
  /** The package root holding dist/handlers; found from this module's location when omitted. */
  packageRoot?: string;
}

export async function buildHandlerZip(name: HandlerName, options: HandlerZipOptions = {}): Promise<HandlerZip> {
  const root = options.packageRoot ?? packageRoot();
  const bundlePath = join(root, "dist", "handlers", name, "index.mjs");
  let bundle: Uint8Array;
  try {
    bundle = await readFile(bundlePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    throw new UsageError(`handler bundle ${bundlePath} is missing: run npm run build`, { cause: error });
  }
  const zip = await zipFiles([{ name: "index.mjs", data: bundle }]);
  return { zip, sha256: createHash("sha256").update(zip).digest("base64") };
}
