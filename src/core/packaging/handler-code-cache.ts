/**
 * Built-in consumers' deployment zips, cached on disk by the content of
 * their bundle. Zipping needs the zip library, whose loading alone costs a
 * few hundred milliseconds of CPU; a re-run of `eda setup` whose bundles did
 * not change only needs their CodeSha256, so it reads the zip it made last
 * time instead. The key covers everything the zip's bytes depend on: the
 * bundle's bytes and zlib's version (deflate output may change with it).
 * The cache lives in $EDA_HOME/cache (default ~/.eda); an unreadable or
 * unwritable cache only means zipping again.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import type { HandlerCode } from "../resources/resource.js";
import { packageRoot } from "./package-root.js";

/** Bump when the zip layout changes (entry names, dates, modes, compression level). */
const ZIP_FORMAT = "1";

export function handlerCodeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.EDA_HOME?.trim() ? env.EDA_HOME : join(homedir(), ".eda");
  return join(home, "cache", "handler-zips");
}

/** The zip of a built-in consumer's bundle: from the cache when its bundle is unchanged, else built (and cached). */
export async function cachedBuiltinZip(name: string, cacheDir = handlerCodeCacheDir()): Promise<HandlerCode> {
  let bundle: Buffer;
  try {
    bundle = await readFile(join(packageRoot(), "dist", "handlers", name, "index.mjs"));
  } catch {
    // A missing bundle is reported by the builder, with what to do about it.
    return buildHandlerZip(name);
  }
  const key = createHash("sha256").update(`${ZIP_FORMAT}\0${process.versions.zlib}\0${name}\0`).update(bundle).digest("hex");
  const path = join(cacheDir, `${key}.json`);
  const cached = await readFile(path, "utf8").then(parseEntry, () => undefined);
  if (cached) return cached;
  const built = await buildHandlerZip(name);
  await store(cacheDir, path, JSON.stringify({ sha256: built.sha256, zip: Buffer.from(built.zip).toString("base64") }));
  return built;
}

/** A cached zip, used only when its bytes still hash to the CodeSha256 stored with them. */
function parseEntry(text: string): HandlerCode | undefined {
  try {
    const entry = JSON.parse(text) as { sha256?: unknown; zip?: unknown };
    if (typeof entry.sha256 !== "string" || typeof entry.zip !== "string") return undefined;
    const zip = Buffer.from(entry.zip, "base64");
    if (createHash("sha256").update(zip).digest("base64") !== entry.sha256) return undefined;
    return { zip: new Uint8Array(zip), sha256: entry.sha256 };
  } catch {
    return undefined;
  }
}

/** Loaded only on a miss: the zip library is what the cache spares. */
async function buildHandlerZip(name: string): Promise<HandlerCode> {
  const { buildHandlerZip: build } = await import("./handler-zip.js");
  return build(name);
}

/** Written under a temporary name, then renamed: a concurrent reader sees the whole entry or none. */
async function store(cacheDir: string, path: string, text: string): Promise<void> {
  try {
    await mkdir(cacheDir, { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch {
    // Only a cache: the next run zips again.
  }
}
