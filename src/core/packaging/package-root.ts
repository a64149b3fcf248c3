/**
 * Where eda's own package is: the nearest directory above this module with
 * eda's package.json (src/core/packaging under tsx, dist/bin once bundled,
 * in the repository or an installed copy). The built-in consumers' bundles, the
 * project file's JSON Schema and the `eda init` templates live there.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../errors.js";

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let directory = start; ; directory = dirname(directory)) {
    const manifest = join(directory, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "eda") {
      cached = directory;
      return directory;
    }
    if (dirname(directory) === directory) {
      throw new UsageError(`cannot find eda's package.json above ${start}: reinstall eda`);
    }
  }
}
