/**
 * Interruption points for crash-and-resume runs. The emulator tells us about
 * every request it has run (hub.observeRequests); each CLI run signs with
 * its own access key, so its requests are told apart from any other run's,
 * and the CLI is killed with SIGKILL right after the chosen call has run and
 * before the CLI hears the answer. No hook in the CLI itself.
 */
import type { ChildProcess } from "node:child_process";
import type { RunningEmulator } from "../../../src/emulator/emulator.js";
import type { CompletedRequest } from "../../../src/emulator/hub.js";
import { adminPrincipal, type AdminPrincipal } from "../../../src/emulator/policy/principal.js";
import { DEFAULT_ACCOUNT_ID } from "../../../src/emulator/settings.js";

/** Reads change nothing; everything else (Create, Put, Set, Delete, Subscribe, Tag, ...) does. */
function isMutating(operation: string): boolean {
  return !/^(Get|List|Describe|Head)/.test(operation);
}

/** Input fields that name the resource a call acts on, in order of preference. */
const NAME_FIELDS = ["QueueName", "QueueUrl", "Bucket", "Name", "logGroupName", "RoleName", "FunctionName", "Endpoint", "TopicArn"];

/**
 * A name for a call that is the same in every run of the same command on a
 * fresh stack: the stack's name is replaced by `{stack}`, and calls that
 * name their resource only by a generated id (DeleteEventSourceMapping's
 * UUID, Unsubscribe's subscription ARN) are numbered instead.
 */
class CallNamer {
  private readonly seen = new Map<string, number>();
  constructor(private readonly stack: string) {}

  name(request: CompletedRequest): string {
    const input = (request.input ?? {}) as Record<string, unknown>;
    const field = NAME_FIELDS.find((name) => typeof input[name] === "string" && (input[name] as string).includes(this.stack));
    const base = `${request.service} ${request.operation}`;
    if (field) return `${base} ${(input[field] as string).split(this.stack).join("{stack}").replace(/^https?:\/\/[^/]+/, "")}`;
    const count = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, count);
    return `${base} #${count}`;
  }
}

/** Access keys of their own for one run, so the emulator can tell its requests apart. */
export function runCredentials(emulator: RunningEmulator, label: string): { accessKeyId: string; secretAccessKey: string; principal: AdminPrincipal } {
  const principal = adminPrincipal(DEFAULT_ACCOUNT_ID);
  const accessKeyId = `AKIA${label.toUpperCase().replace(/[^A-Z0-9]/g, "")}`;
  const secretAccessKey = `${label}-secret`;
  emulator.hub.credentials.addPermanent(accessKeyId, secretAccessKey, principal);
  return { accessKeyId, secretAccessKey, principal };
}

/** Records the mutating calls one principal makes, named for comparison across runs. */
export function recordMutatingCalls(emulator: RunningEmulator, principal: AdminPrincipal, stack: string): { calls: string[]; stop(): void } {
  const namer = new CallNamer(stack);
  const calls: string[] = [];
  const stop = emulator.hub.observeRequests((request) => {
    if (request.principal === principal && isMutating(request.operation)) calls.push(namer.name(request));
  });
  return { calls, stop };
}

/**
 * Kills `child` with SIGKILL as soon as the emulator has run the call named
 * `point`, and holds that call's answer until the process is gone.
 */
export function killAfterCall(emulator: RunningEmulator, principal: AdminPrincipal, stack: string, point: string, child: ChildProcess): { fired(): boolean; stop(): void } {
  const namer = new CallNamer(stack);
  let fired = false;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = emulator.hub.observeRequests(async (request) => {
    if (fired || request.principal !== principal || !isMutating(request.operation)) return;
    if (namer.name(request) !== point) return;
    fired = true;
    child.kill("SIGKILL");
    await exited;
  });
  return { fired: () => fired, stop };
}
