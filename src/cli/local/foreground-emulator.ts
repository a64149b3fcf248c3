/**
 * `eda local start --foreground`: the emulator process itself. It listens,
 * records itself under $EDA_HOME, writes the emulator's log lines to the log
 * file, and runs until the signal aborts (Ctrl-C, SIGTERM from `eda local
 * stop`), then closes the emulator and removes its record.
 *
 * It also writes a fresh admin token to $EDA_HOME/admin-token (readable by
 * this user only): the admin API (/_eda/faults) takes it in the
 * x-eda-admin-token header.
 */
import { once } from "node:events";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { hostname, networkInterfaces } from "node:os";
import { join } from "node:path";
import { OperationError } from "../../core/errors.js";
import type { EmulatorLogEntry } from "../../emulator/settings.js";
import {
  emulatorFiles,
  inspectEmulator,
  removeEmulatorRecord,
  writeEmulatorRecord,
  type EmulatorRecord,
  type LocalEmulatorSettings,
} from "./background-emulator.js";

const ADMIN_TOKEN_FILE = "admin-token";

/** Who may reach the emulator besides this machine's own programs (checked by `eda local start`). */
export interface FrontDoorOptions {
  /** The host is not a loopback address, and the user said so. */
  allowRemote: boolean;
  corsOrigins: string[];
}

export interface ForegroundHooks {
  /** Called once the emulator listens and is recorded. */
  ready(record: EmulatorRecord): void;
  /** Each of the emulator's own log lines, besides the log file. */
  log?(entry: EmulatorLogEntry): void;
}

export async function runForegroundEmulator(
  settings: LocalEmulatorSettings,
  frontDoor: FrontDoorOptions,
  signal: AbortSignal,
  hooks: ForegroundHooks,
): Promise<EmulatorRecord> {
  const existing = await inspectEmulator(settings.home);
  if (existing.state === "running" || existing.state === "not-answering") {
    throw new OperationError(
      `an emulator is already recorded in ${settings.home} (pid ${existing.record.pid}, ${existing.record.endpoint}): stop it with: eda local stop`,
    );
  }
  if (existing.state === "stale") await removeEmulatorRecord(settings.home);

  await mkdir(settings.home, { recursive: true });
  const logFile = emulatorFiles(settings.home).log;
  const logStream = createWriteStream(logFile, { flags: "a" });
  const log = (entry: EmulatorLogEntry) => {
    logStream.write(`${JSON.stringify(entry)}\n`);
    hooks.log?.(entry);
  };

  const adminToken = randomBytes(24).toString("hex");
  await writeFile(join(settings.home, ADMIN_TOKEN_FILE), `${adminToken}\n`, { mode: 0o600 });
  await chmod(join(settings.home, ADMIN_TOKEN_FILE), 0o600);

  const { startEmulator } = await import("../../emulator/emulator.js");
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({
      port: settings.port,
      host: settings.host,
      profile: settings.profile,
      timeScale: settings.timeScale,
      log,
      adminToken,
      corsOrigins: frontDoor.corsOrigins,
      allowedHosts: frontDoor.allowRemote ? machineNames() : [],
    });
  } catch (error) {
    logStream.end();
    throw listenFailure(error, settings);
  }

  const record: EmulatorRecord = {
    pid: process.pid,
    endpoint: emulator.endpoint,
    host: settings.host,
    port: Number(new URL(emulator.endpoint).port),
    profile: settings.profile,
    timeScale: settings.timeScale,
    startedAt: new Date(emulator.hub.clock.now()).toISOString(),
    logFile,
  };
  try {
    await writeEmulatorRecord(settings.home, record);
    emulator.hub.log({ level: "info", message: "emulator listening", endpoint: record.endpoint, pid: record.pid, profile: record.profile, timeScale: record.timeScale });
    hooks.ready(record);
    if (!signal.aborted) await once(signal, "abort");
  } finally {
    emulator.hub.log({ level: "info", message: "emulator stopping", pid: record.pid });
    await emulator.stop();
    await removeEmulatorRecord(settings.home, record.pid);
    logStream.end();
  }
  return record;
}

/** The names and addresses other machines may use to reach this one (a listener on 0.0.0.0 or :: answers on all of them). */
function machineNames(): string[] {
  const addresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((entry) => entry.address));
  return [hostname(), ...addresses];
}

function listenFailure(error: unknown, settings: LocalEmulatorSettings): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `port ${settings.port} on ${settings.host}`;
  if (code === "EADDRINUSE") {
    return new OperationError(`${where} is already in use: stop the program listening there, or choose another port (--port, or EDA_LOCAL_PORT for --local)`, { cause: error });
  }
  if (code === "EACCES") return new OperationError(`${where} cannot be opened: permission denied (choose a port above 1023)`, { cause: error });
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") {
    return new OperationError(`cannot listen on ${settings.host}: it is not an address of this machine`, { cause: error });
  }
  return error;
}
