/**
 * Packages a consumer's bundle (dist/handlers/<name>/index.mjs, built by
 * `npm run build`) as the Lambda deployment zip: `index.mjs` only, so the
 * handler is `index.handler` and the runtime loads it as an ES module.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../errors.js";
import { writeZip } from "./zip-writer.js";

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
  const packageRoot = options.packageRoot ?? findPackageRoot();
  const bundlePath = join(packageRoot, "dist", "handlers", name, "index.mjs");
  let bundle: Uint8Array;
  try {
    bundle = await readFile(bundlePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    throw new UsageError(`handler bundle ${bundlePath} is missing: run npm run build`, { cause: error });
  }
  const zip = writeZip([{ name: "index.mjs", data: bundle }]);
  return { zip, sha256: createHash("sha256").update(zip).digest("base64") };
}

/**
 * The nearest directory above this module with eda's package.json: src/core/packaging
 * under tsx, dist/src/core/packaging once compiled, or an installed copy.
 */
function findPackageRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let directory = start; ; directory = dirname(directory)) {
    const manifest = join(directory, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "eda") {
      return directory;
    }
    if (dirname(directory) === directory) {
      throw new UsageError(`cannot find eda's package.json above ${start}: reinstall eda`);
    }
  }
}
