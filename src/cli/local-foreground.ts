/**
 * `eda local start --foreground`: the emulator process itself. It listens,
 * records itself under $EDA_HOME, writes the emulator's log lines to the log
 * file, and runs until the signal aborts (Ctrl-C, SIGTERM from `eda local
 * stop`), then closes the emulator and removes its record.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { OperationError } from "../core/errors.js";
import type { EmulatorLogEntry } from "../emulator/settings.js";
import {
  emulatorFiles,
  inspectEmulator,
  removeEmulatorRecord,
  writeEmulatorRecord,
  type EmulatorRecord,
  type LocalEmulatorSettings,
} from "./local-state.js";

export interface ForegroundHooks {
  /** Called once the emulator listens and is recorded. */
  ready(record: EmulatorRecord): void;
  /** Each of the emulator's own log lines, besides the log file. */
  log?(entry: EmulatorLogEntry): void;
}

export async function runForegroundEmulator(
  settings: LocalEmulatorSettings,
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

  const { startEmulator } = await import("../emulator/emulator.js");
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({ port: settings.port, host: settings.host, profile: settings.profile, timeScale: settings.timeScale, log });
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
    startedAt: new Date(emulator.runtime.clock.now()).toISOString(),
    logFile,
  };
  try {
    await writeEmulatorRecord(settings.home, record);
    emulator.runtime.log({ level: "info", message: "emulator listening", endpoint: record.endpoint, pid: record.pid, profile: record.profile, timeScale: record.timeScale });
    hooks.ready(record);
    if (!signal.aborted) await once(signal, "abort");
  } finally {
    emulator.runtime.log({ level: "info", message: "emulator stopping", pid: record.pid });
    await emulator.stop();
    await removeEmulatorRecord(settings.home, record.pid);
    logStream.end();
  }
  return record;
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
