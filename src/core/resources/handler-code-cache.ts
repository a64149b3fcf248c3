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
import { packageRoot } from "../packaging/package-root.js";
import type { HandlerCode } from "./resource.js";

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
  const path = join(cacheDir, `${key}.zip`);
  const cached = await readFile(path).catch(() => undefined);
  if (cached) return { zip: new Uint8Array(cached), sha256: createHash("sha256").update(cached).digest("base64") };
  const built = await buildHandlerZip(name);
  await store(cacheDir, path, built.zip);
  return built;
}

/** Loaded only on a miss: the zip library is what the cache spares. */
async function buildHandlerZip(name: string): Promise<HandlerCode> {
  const { buildHandlerZip: build } = await import("../packaging/handler-zip.js");
  return build(name);
}

/** Written under a temporary name, then renamed: a concurrent reader sees the whole zip or none. */
async function store(cacheDir: string, path: string, zip: Uint8Array): Promise<void> {
  try {
    await mkdir(cacheDir, { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, zip);
    await rename(temporary, path);
  } catch {
    // Only a cache: the next run zips again.
  }
}
