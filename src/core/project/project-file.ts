/**
 * The project file, `eda.json`: its name, its shape once valid (the JSON
 * Schema in schema/eda.schema.json is the source of truth), and where
 * commands look for it: the current directory, then each parent, as npm
 * finds package.json.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { UsageError } from "../errors.js";

export const PROJECT_FILE_NAME = "eda.json";

export interface ProjectConsumerEntry {
  name: string;
  /** `consumers/thumbs/index.ts#handler`: a file relative to eda.json, then the export. */
  handler: string;
  memory?: number;
  timeout?: number;
  batchSize?: number;
  maxReceiveCount?: number;
  environment?: Record<string, string>;
  filter?: { prefix?: string; suffix?: string };
  permissions?: { read?: string[]; write?: string[] };
  statements?: Record<string, unknown>[];
}

export interface ProjectFile {
  $schema?: string;
  stack: string;
  region?: string;
  consumers: ProjectConsumerEntry[];
}

/** The project file for a command: `--config PATH` if given (it must exist), else the nearest eda.json upward. */
export function locateProjectFile(cwd: string, configPath?: string): string | undefined {
  if (configPath !== undefined) {
    const path = resolve(cwd, configPath);
    if (!existsSync(path)) throw new UsageError(`--config ${configPath}: no such file (give the path of an eda.json, or run eda init)`);
    if (statSync(path).isDirectory()) {
      const inside = join(path, PROJECT_FILE_NAME);
      if (existsSync(inside)) return inside;
      throw new UsageError(`--config ${configPath} is a directory without ${PROJECT_FILE_NAME} (give the file's path, or run eda init there)`);
    }
    return path;
  }
  for (let directory = resolve(cwd); ; directory = dirname(directory)) {
    const candidate = join(directory, PROJECT_FILE_NAME);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    if (dirname(directory) === directory) return undefined;
  }
}
