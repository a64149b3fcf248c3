/**
 * Finds the handler named by `_HANDLER` the way Lambda's Node.js runtime
 * interface client does (UserFunction.js): `<path/module>.<export.path>`,
 * module looked up under LAMBDA_TASK_ROOT as an extensionless file, then
 * `.js` (required, or imported when the nearest package.json says
 * "type": "module"), `.mjs` (imported), `.cjs` (required), and finally a
 * package resolved from the task root. Runs inside the execution environment.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  HandlerNotFound,
  ImportModuleError,
  MalformedHandlerName,
  UserCodeSyntaxError,
} from "./runtime-errors.js";

export type Handler = (event: unknown, context: unknown, callback?: (error?: unknown, result?: unknown) => void) => unknown;

const MODULE_AND_EXPORT = /^([^.]*)\.(.*)$/;

export async function loadHandler(taskRoot: string, runtimeDir: string, fullHandler: string): Promise<Handler> {
  if (fullHandler.includes("..")) {
    throw new MalformedHandlerName(
      `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const moduleAndExport = basename(fullHandler);
  const moduleRoot = fullHandler.slice(0, fullHandler.indexOf(moduleAndExport));
  const match = MODULE_AND_EXPORT.exec(moduleAndExport);
  if (!match) throw new MalformedHandlerName("Bad handler");
  const [, moduleName, exportPath] = match as unknown as [string, string, string];

  // require() resolves like the managed runtime's own loader in /var/runtime.
  const require = createRequire(join(runtimeDir, "index.mjs"));
  let userModule: unknown;
  try {
    userModule = await loadModule(require, taskRoot, moduleRoot, moduleName);
  } catch (error) {
    if (error instanceof SyntaxError) throw new UserCodeSyntaxError(error);
    if ((error as NodeJS.ErrnoException)?.code === "MODULE_NOT_FOUND") throw new ImportModuleError(error);
    throw error;
  }

  const handler = exportPath
    .split(".")
    .reduce<unknown>((value, key) => (value ? (value as Record<string, unknown>)[key] : undefined), userModule);
  if (!handler) throw new HandlerNotFound(`${fullHandler} is undefined or not exported`);
  if (typeof handler !== "function") throw new HandlerNotFound(`${fullHandler} is not a function`);
  return handler as Handler;
}

async function loadModule(require: NodeJS.Require, taskRoot: string, moduleRoot: string, moduleName: string): Promise<unknown> {
  const basePath = resolve(taskRoot, moduleRoot, moduleName);
  const requireIfPresent = (path: string) => (existsSync(path) ? require(path) : undefined);
  const importIfPresent = async (path: string) => (existsSync(path) ? await import(pathToFileURL(path).href) : undefined);

  const extensionless = requireIfPresent(basePath);
  if (extensionless) return extensionless;

  const typeModule = nearestPackageIsModule(dirname(basePath), resolve(taskRoot));
  if (!typeModule) {
    const commonJs = requireIfPresent(`${basePath}.js`);
    if (commonJs) return commonJs;
  }
  const loaded =
    (typeModule && (await importIfPresent(`${basePath}.js`))) ||
    (await importIfPresent(`${basePath}.mjs`)) ||
    requireIfPresent(`${basePath}.cjs`);
  if (loaded) return loaded;

  // A package (node_modules/<name>) relative to the task root, not to this file.
  return require(require.resolve(moduleName, { paths: [taskRoot, join(taskRoot, moduleRoot)] }));
}

/**
 * Whether the nearest package.json above `folder` has "type": "module". The
 * search stops at node_modules and at the task root: on Lambda nothing above
 * /var/task holds a package.json, and here the host's directories must not count.
 */
function nearestPackageIsModule(folder: string, taskRoot: string): boolean {
  for (let current = folder; ; current = dirname(current)) {
    if (basename(current) === "node_modules") return false;
    const manifest = join(current, "package.json");
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, "utf8")) as { type?: unknown }).type === "module";
      } catch (error) {
        console.warn(`${manifest} cannot be read, it will be ignored for ES module detection purposes.`, error);
        return false;
      }
    }
    if (current === taskRoot || dirname(current) === current) return false;
  }
}
