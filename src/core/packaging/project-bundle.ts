/**
 * Bundles a project consumer's handler for the function's runtime: one ES
 * module (`index.mjs`, so the handler is `index.handler`) with its source map
 * beside it, tree-shaken, packages from the project's node_modules included,
 * the runtime's own AWS SDK v3 left external unless the project depends on
 * its own, then zipped deterministically so the same sources give the same
 * CodeSha256.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { build, type BuildFailure, type Message, type Plugin } from "esbuild";
import { UsageError } from "../errors.js";
import type { HandlerCode } from "../resources/resource.js";
import type { ConsumerSpec } from "../stack/config.js";
import { tracedEntry } from "./traced-entry.js";
import { zipFiles } from "./zip.js";

/** Lambda's Node.js runtime ships AWS SDK v3 (aws-behaviour §5): bundling it again only grows the zip. */
const RUNTIME_SDK = /^@aws-sdk\//;

export async function bundleProjectConsumer(consumer: ConsumerSpec): Promise<HandlerCode> {
  if (consumer.code.kind !== "project") throw new Error(`consumer ${consumer.name} is not a project consumer`);
  const { projectRoot, entry, exportName } = consumer.code;
  const ownSdk = projectSdkPackages(dirname(entry), projectRoot);
  const result = await build({
    stdin: tracedEntry({ consumer: consumer.name, entry, exportName }),
    // Paths in messages and source maps are relative to the project, and the
    // output sits at its root, so stack traces name consumers/<name>/index.ts.
    absWorkingDir: projectRoot,
    outfile: join(projectRoot, "index.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    sourcemap: "linked",
    sourcesContent: false,
    metafile: true,
    plugins: [runtimeSdkExternal(ownSdk)],
    // Bundled CommonJS packages may call require() for Node's built-ins; an ES module has no require of its own.
    banner: { js: 'import { createRequire as __edaCreateRequire } from "node:module"; const require = __edaCreateRequire(import.meta.url);' },
    write: false,
    logLevel: "silent",
    legalComments: "none",
  }).catch((error: unknown) => {
    throw compileError(consumer, error);
  });
  const files = result.outputFiles.map((file) => ({ name: relative(projectRoot, file.path), data: file.contents }));
  const zip = await zipFiles(files);
  // The generated entry module is an input too, but no file: only files on disk can change.
  const sources = Object.keys(result.metafile.inputs)
    .map((input) => resolve(projectRoot, input))
    .filter((path) => existsSync(path));
  return { zip, sha256: createHash("sha256").update(zip).digest("base64"), sources };
}

/** `@aws-sdk/*` packages the project lists as dependencies in the package.json nearest the handler: those are bundled. */
function projectSdkPackages(from: string, projectRoot: string): Set<string> {
  for (let directory = from; ; directory = dirname(directory)) {
    const manifest = join(directory, "package.json");
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { dependencies?: Record<string, string> };
      return new Set(Object.keys(parsed.dependencies ?? {}).filter((name) => RUNTIME_SDK.test(name)));
    }
    if (directory === projectRoot || dirname(directory) === directory) return new Set();
  }
}

function runtimeSdkExternal(ownSdk: Set<string>): Plugin {
  return {
    name: "eda-runtime-sdk",
    setup(builder) {
      builder.onResolve({ filter: RUNTIME_SDK }, (args) => {
        const name = args.path.split("/").slice(0, 2).join("/");
        return ownSdk.has(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

/** One line naming file:line (relative to the project) and what is wrong. */
function compileError(consumer: ConsumerSpec, error: unknown): unknown {
  const first = (error as Partial<BuildFailure>).errors?.[0];
  if (!first) return error;
  return new UsageError(`consumer ${consumer.name}: ${describeMessage(first, consumer)}`, { cause: error });
}

function describeMessage(message: Message, consumer: ConsumerSpec): string {
  const code = consumer.code as Extract<ConsumerSpec["code"], { kind: "project" }>;
  const handlerFile = relative(code.projectRoot, code.entry);
  const missingExport = /^No matching export in "(.+)" for import "(.+)"$/.exec(message.text);
  if (missingExport) {
    return `${handlerFile}: no export named "${missingExport[2]}" (export the handler under that name, or name its export after # in eda.json's handler)`;
  }
  const location = message.location;
  if (!location || location.file.startsWith("<stdin>") || location.file.startsWith("eda-entry-")) return `${handlerFile}: ${message.text}`;
  const file = isAbsolute(location.file) ? relative(code.projectRoot, location.file) : location.file;
  return `${file}:${location.line}:${location.column + 1}: ${message.text}`;
}
