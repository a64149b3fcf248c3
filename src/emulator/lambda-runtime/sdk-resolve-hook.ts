/**
 * Module resolution hook registered in each execution environment: an
 * `import "@aws-sdk/..."` (or `@smithy/...`) the function's own code cannot
 * resolve is resolved from the runtime directory instead, whose node_modules
 * links to eda's copy of the SDK, as the managed Node.js runtimes provide
 * AWS SDK for JavaScript v3 to code that does not bundle it. require() finds
 * the same directory through NODE_PATH.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";

interface ResolveContext {
  parentURL?: string;
  conditions: string[];
  importAttributes?: Record<string, string>;
}

type NextResolve = (specifier: string, context?: ResolveContext) => Promise<{ url: string }> | { url: string };

let runtimeParentUrl: string | undefined;

export function initialize(data: { runtimeDir?: string } | undefined): void {
  if (data?.runtimeDir) runtimeParentUrl = pathToFileURL(join(data.runtimeDir, "index.mjs")).href;
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<{ url: string }> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const providedByRuntime = specifier.startsWith("@aws-sdk/") || specifier.startsWith("@smithy/");
    if (!providedByRuntime || runtimeParentUrl === undefined || (error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") {
      throw error;
    }
    return nextResolve(specifier, { ...context, parentURL: runtimeParentUrl });
  }
}
