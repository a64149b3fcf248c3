/**
 * Runs the real CLI inside a project directory (commands find eda.json from
 * their working directory), from sources through tsx, against a target on
 * loopback.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { DescribeLogGroupsCommand, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { AwsClients } from "../../src/core/context.js";
import { collect, REPO_ROOT, type CliRun } from "./cli-harness.js";

/** tsx's loader by absolute URL: the project directory has no node_modules to find it in. */
const TSX_LOADER = import.meta.resolve("tsx");
const EDA_ENTRY = join(REPO_ROOT, "bin", "eda.ts");

export function spawnEdaIn(cwd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", TSX_LOADER, EDA_ENTRY, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
}

export function runEdaIn(cwd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 180_000): Promise<CliRun> {
  return collect(spawnEdaIn(cwd, args, env), timeoutMs, args);
}

/** The messages of a function's log group so far (none when the group does not exist yet). */
export async function logMessages(clients: AwsClients, logGroupName: string): Promise<string[]> {
  const groups = await clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName }));
  if (!groups.logGroups?.some((group) => group.logGroupName === logGroupName)) return [];
  const messages: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await clients.logs.send(new FilterLogEventsCommand({ logGroupName, nextToken }));
    messages.push(...(page.events ?? []).map((event) => event.message ?? ""));
    nextToken = page.nextToken;
  } while (nextToken);
  return messages;
}

/** Polls `check` until it returns a value, for at most `boundMs` (generous: the machine may be loaded). */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, boundMs = 90_000): Promise<T> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${boundMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
