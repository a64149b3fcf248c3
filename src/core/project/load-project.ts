/**
 * Reads and checks a project file and turns it into the stack's consumers.
 * A bad file is refused whole, before any AWS call: one phrase per problem,
 * each naming the field path and the fix (exit 2).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "../errors.js";
import { validateRegion, validateStackName } from "../preflight.js";
import { CONSUMER_DEFAULTS, visibilityTimeoutFor, type ConsumerSpec } from "../stack/config.js";
import type { ProjectConsumerEntry, ProjectFile } from "./project-file.js";
import { schemaProblems } from "./schema.js";

export interface Project {
  /** Absolute path of eda.json. */
  path: string;
  /** The directory holding it: handler paths are relative to it. */
  root: string;
  stack: string;
  region?: string;
  consumers: ConsumerSpec[];
}

/** Lambda: the function's environment variables, names and values together, at most 4 KB. */
const MAX_ENVIRONMENT_BYTES = 4096;

/** The project file's problems; `display` is how messages name the file (e.g. "eda.json"). */
export class ProjectFileError extends UsageError {
  constructor(
    readonly display: string,
    readonly problems: string[],
  ) {
    super(problems.map((problem) => `${display}: ${problem}`).join("; "));
  }
}

export function loadProject(path: string, display: string): Project {
  const root = dirname(path);
  const file = parseProjectFile(path, display);
  const problems = schemaProblems(file);
  if (problems.length > 0) throw new ProjectFileError(display, problems);
  const project = file as ProjectFile;

  const checks: string[] = [];
  const check = (what: () => void, field: string) => {
    try {
      what();
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      checks.push(`${field}: ${error.message}`);
    }
  };
  check(() => validateStackName(project.stack), "stack");
  if (project.region !== undefined) check(() => validateRegion(project.region!), "region");
  const seen = new Map<string, number>();
  project.consumers.forEach((entry, index) => {
    const field = `consumers[${index}]`;
    const earlier = seen.get(entry.name);
    if (earlier !== undefined) checks.push(`${field}.name "${entry.name}" is already the name of consumers[${earlier}] (names must be unique)`);
    seen.set(entry.name, index);
    // "<stack>-<name>-dlq" would be another consumer's dead-letter queue.
    if (entry.name.endsWith("-dlq")) checks.push(`${field}.name "${entry.name}" must not end with -dlq (eda names dead-letter queues so)`);
    const { file } = splitHandler(entry.handler);
    const entryPath = resolve(root, file);
    if (!existsSync(entryPath) || !statSync(entryPath).isFile()) {
      checks.push(`${field}.handler file ${file} does not exist (paths are relative to ${display}; eda init creates consumers/<name>/index.ts)`);
    }
    const environmentBytes = Object.entries(entry.environment ?? {}).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value), 0);
    if (environmentBytes > MAX_ENVIRONMENT_BYTES) {
      checks.push(`${field}.environment holds ${environmentBytes} bytes (Lambda allows 4096 for names and values together)`);
    }
  });
  if (checks.length > 0) throw new ProjectFileError(display, checks);

  return {
    path,
    root,
    stack: project.stack,
    ...(project.region !== undefined ? { region: project.region } : {}),
    consumers: project.consumers.map((entry) => consumerSpec(entry, root)),
  };
}

function parseProjectFile(path: string, display: string): unknown {
  const text = readFileSync(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    const where = position ? ` at line ${lineColumn(text, Number(position[1]))}` : "";
    throw new ProjectFileError(display, [`is not valid JSON${where}: ${(error as Error).message.replace(/ in JSON at position \d+.*$/, "").replace(/\s*\(line \d+ column \d+\)$/, "")}`]);
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `${before.length}, column ${before.at(-1)!.length + 1}`;
}

/** `consumers/a/index.ts#run` -> file and export (default `handler`). */
export function splitHandler(handler: string): { file: string; exportName: string } {
  const hash = handler.lastIndexOf("#");
  return hash === -1 ? { file: handler, exportName: "handler" } : { file: handler.slice(0, hash), exportName: handler.slice(hash + 1) };
}

function consumerSpec(entry: ProjectConsumerEntry, root: string): ConsumerSpec {
  const { file, exportName } = splitHandler(entry.handler);
  const timeout = entry.timeout ?? CONSUMER_DEFAULTS.functionTimeoutSeconds;
  return {
    name: entry.name,
    code: { kind: "project", projectRoot: root, entry: resolve(root, file), exportName },
    settings: {
      functionTimeoutSeconds: timeout,
      functionMemoryMb: entry.memory ?? CONSUMER_DEFAULTS.functionMemoryMb,
      queueVisibilityTimeoutSeconds: visibilityTimeoutFor(timeout),
      maxReceiveCount: entry.maxReceiveCount ?? CONSUMER_DEFAULTS.maxReceiveCount,
      batchSize: entry.batchSize ?? CONSUMER_DEFAULTS.batchSize,
    },
    environment: entry.environment ?? {},
    filter: { ...(entry.filter?.prefix ? { prefix: entry.filter.prefix } : {}), ...(entry.filter?.suffix ? { suffix: entry.filter.suffix } : {}) },
    permissions: { read: entry.permissions?.read ?? [], write: entry.permissions?.write ?? [] },
    statements: entry.statements ?? [],
  };
}
