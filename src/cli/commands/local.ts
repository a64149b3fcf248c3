/**
 * `eda local start|stop|status`: the embedded emulator as a background
 * service on this machine. State lives under $EDA_HOME (default ~/.eda).
 */
import { userInfo } from "node:os";
import { Option, type Command } from "commander";
import { UsageError } from "../../core/errors.js";
import { globalOptionsOf } from "../global-options.js";
import type { FrontDoorOptions } from "../local/foreground-emulator.js";
import type { EmulatorRecord, LocalEmulatorSettings } from "../local/background-emulator.js";
import type { CommandSession } from "../command-session.js";
import { runCliCommand } from "../run-command.js";

interface StartOptions {
  port?: string;
  host?: string;
  foreground?: boolean;
  profileConsistency?: "fast" | "realistic";
  timeScale?: string;
  allowRemote?: boolean;
  corsOrigin?: string[];
}

export function register(program: Command): void {
  const local = program
    .command("local")
    .description("run eda's embedded AWS emulator on this machine (no account, no Docker, no network)");

  local
    .command("start")
    .description("start the emulator in the background and print its endpoint")
    .option("--port <port>", "port to listen on; 0 picks a free one (default: EDA_LOCAL_PORT or 4566)")
    .option("--host <host>", "address to listen on (default: EDA_LOCAL_HOST or 127.0.0.1)")
    .option("--foreground", "run in this process until Ctrl-C or SIGTERM instead of in the background")
    .option("--allow-remote", "let --host be a non-loopback address: anyone who can reach it can run code as you (default: EDA_LOCAL_ALLOW_REMOTE=1)")
    .option("--cors-origin <origin...>", "let web pages from this origin (scheme://host[:port]) call the emulator (default: EDA_LOCAL_CORS_ORIGIN, comma-separated)")
    .addOption(
      new Option("--profile-consistency <profile>", "realistic adds AWS's eventual-consistency delays (default: EDA_LOCAL_PROFILE or fast)").choices([
        "fast",
        "realistic",
      ]),
    )
    .option("--time-scale <n>", "queue time runs N times faster: visibility timeouts, delays, retention, long polls, mapping retries (default: EDA_LOCAL_TIME_SCALE or 1)")
    .action((options: StartOptions, command: Command) =>
      runCliCommand(globalOptionsOf(command), async (session) => {
        const settings = await startSettings(options, session.env);
        const frontDoor = await frontDoorSettings(options, settings.host, session.env);
        return options.foreground ? runForeground(settings, frontDoor, session) : startInBackground(settings, frontDoor, session);
      }),
    );

  local
    .command("status")
    .description("say whether the emulator runs, with its endpoint, pid and uptime (exit 0 either way)")
    .action((_options: object, command: Command) =>
      runCliCommand(globalOptionsOf(command), async (session) => {
        const { edaHome, inspectEmulator, removeEmulatorRecord } = await import("../local/background-emulator.js");
        const home = edaHome(session.env);
        const status = await inspectEmulator(home);
        switch (status.state) {
          case "running": {
            const { record } = status;
            const uptimeMs = Date.now() - Date.parse(record.startedAt);
            const { formatDuration } = await import("../render/format.js");
            return {
              ok: true,
              summary: `emulator running at ${record.endpoint} (pid ${record.pid}, up ${formatDuration(uptimeMs)}, ${traits(record)})`,
              data: { running: true, ...record, uptimeSeconds: Math.floor(uptimeMs / 1000) },
            };
          }
          case "not-answering":
            return {
              ok: true,
              summary: `emulator process ${status.record.pid} is alive but does not answer at ${status.record.endpoint}: stop it with: eda local stop`,
              data: { running: false, answering: false, ...status.record },
            };
          case "stale":
            await removeEmulatorRecord(home);
            return {
              ok: true,
              summary: `emulator is not running (removed stale state: ${status.reason})`,
              data: { running: false, staleStateRemoved: true },
            };
          case "not-running":
            return { ok: true, summary: "emulator is not running", data: { running: false } };
        }
      }),
    );

  local
    .command("stop")
    .description("stop the background emulator, losing the stacks it holds in memory (asks first unless --yes; safe to repeat)")
    .action((_options: object, command: Command) =>
      runCliCommand(globalOptionsOf(command), async (session) => {
        const { edaHome, inspectEmulator, stopEmulator } = await import("../local/background-emulator.js");
        const home = edaHome(session.env);
        const status = await inspectEmulator(home);
        if (status.state === "running" && !(await confirmLoss(status.record, session))) {
          return { ok: false, summary: `the emulator keeps running at ${status.record.endpoint}: nothing was stopped`, data: { stopped: false, cancelled: true } };
        }
        const stop = await stopEmulator(home);
        switch (stop.outcome) {
          case "stopped":
            return {
              ok: true,
              summary: `stopped the emulator at ${stop.record.endpoint} (pid ${stop.record.pid}${stop.forced ? ", killed after it ignored SIGTERM" : ""})`,
              data: { stopped: true, pid: stop.record.pid, endpoint: stop.record.endpoint, forced: stop.forced },
            };
          case "stale-removed":
            return { ok: true, summary: `emulator was not running (removed stale state: ${stop.reason})`, data: { stopped: false, staleStateRemoved: true } };
          case "not-running":
            return { ok: true, summary: "emulator is not running", data: { stopped: false } };
        }
      }),
    );
}

async function startSettings(options: StartOptions, env: NodeJS.ProcessEnv): Promise<LocalEmulatorSettings> {
  const { defaultLocalSettings, parsePort, parseTimeScale } = await import("../local/background-emulator.js");
  const defaults = defaultLocalSettings(env);
  return {
    ...defaults,
    port: options.port === undefined ? defaults.port : parsePort(options.port),
    host: options.host ?? defaults.host,
    profile: options.profileConsistency ?? defaults.profile,
    timeScale: options.timeScale === undefined ? defaults.timeScale : parseTimeScale(options.timeScale),
  };
}

/**
 * Who may reach the emulator besides this machine's own programs: a
 * non-loopback --host needs --allow-remote, and web pages need their origin
 * named. The background emulator gets both through its environment.
 */
async function frontDoorSettings(options: StartOptions, host: string, env: NodeJS.ProcessEnv): Promise<FrontDoorOptions> {
  const { isLoopbackAddress } = await import("../../emulator/gateway/front-door.js");
  const allowRemote = options.allowRemote ?? env.EDA_LOCAL_ALLOW_REMOTE === "1";
  if (host !== "localhost" && !isLoopbackAddress(host) && !allowRemote) {
    throw new UsageError(
      `--host ${host} is not a loopback address: anyone who can reach it could create functions and run code as you; add --allow-remote to listen there anyway`,
    );
  }
  const corsOrigins = options.corsOrigin ?? (env.EDA_LOCAL_CORS_ORIGIN?.trim() ? env.EDA_LOCAL_CORS_ORIGIN.split(",") : []);
  for (const origin of corsOrigins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin.trim()) {
      throw new UsageError(`invalid --cors-origin "${origin}": expected an origin such as http://localhost:3000 (scheme, host and port, no path)`);
    }
  }
  return { allowRemote, corsOrigins: corsOrigins.map((origin) => origin.trim()) };
}

/** What a non-loopback listener exposes, said once when it starts. */
function exposureWarning(record: EmulatorRecord): string {
  return `the emulator listens on ${record.host}: anyone who can reach this machine can use every service with the access key test/test, including running code as ${userInfo().username} through Lambda`;
}

async function startInBackground(settings: LocalEmulatorSettings, frontDoor: FrontDoorOptions, session: CommandSession) {
  const { startBackgroundEmulator } = await import("../local/background-emulator.js");
  const env = { ...session.env, EDA_LOCAL_ALLOW_REMOTE: frontDoor.allowRemote ? "1" : "", EDA_LOCAL_CORS_ORIGIN: frontDoor.corsOrigins.join(",") };
  const { record, alreadyRunning } = await startBackgroundEmulator(settings, env);
  if (!alreadyRunning) printUsageHints(record, session);
  if (!alreadyRunning && frontDoor.allowRemote) session.events.emit({ type: "warning", message: exposureWarning(record) });
  if (alreadyRunning && (record.timeScale ?? 1) !== settings.timeScale) {
    session.events.emit({
      type: "warning",
      message: `the running emulator's queue time runs ${record.timeScale ?? 1}x, not ${settings.timeScale}x: stop it (eda local stop) and start it again to change that`,
    });
  }
  return {
    ok: true,
    summary: alreadyRunning
      ? `emulator already running at ${record.endpoint} (pid ${record.pid}, ${traits(record)})`
      : `emulator running at ${record.endpoint} (pid ${record.pid}, ${traits(record)})`,
    data: { ...record, alreadyRunning },
  };
}

/** The emulator's state lives in memory: stopping it loses every stack, so say which and ask (--yes answers). */
async function confirmLoss(record: EmulatorRecord, session: CommandSession): Promise<boolean> {
  const { bucketsHeld, describeHeld } = await import("../local/emulator-contents.js");
  const held = describeHeld(await bucketsHeld(record.endpoint, session.signal));
  if (held === undefined) return true;
  return session.io.confirm(`The emulator at ${record.endpoint} holds ${held} in memory only. Stop it and lose them?`);
}

/** "profile fast" or "profile fast, queue time 60x". */
function traits(record: EmulatorRecord): string {
  const scale = record.timeScale ?? 1;
  return scale === 1 ? `profile ${record.profile}` : `profile ${record.profile}, queue time ${scale}x`;
}

function printUsageHints(record: EmulatorRecord, session: CommandSession): void {
  if (session.output.json) return;
  session.io.print(`log: ${record.logFile}`);
  session.io.print(`use it: eda setup --local   or   aws --endpoint-url ${record.endpoint} ... (access key test, secret test)`);
  session.io.print("stop it: eda local stop");
}

async function runForeground(settings: LocalEmulatorSettings, frontDoor: FrontDoorOptions, session: CommandSession) {
  const { runForegroundEmulator } = await import("../local/foreground-emulator.js");
  // Launched by `eda local start` (background): report readiness over the IPC channel, then let go of it.
  const launcher = process.send ? process : undefined;
  try {
    const record = await runForegroundEmulator(settings, frontDoor, session.signal, {
      ready(record) {
        if (frontDoor.allowRemote && !launcher) session.events.emit({ type: "warning", message: exposureWarning(record) });
        if (launcher) {
          launcher.send!({ type: "ready", record }, () => launcher.disconnect!());
          return;
        }
        session.events.emit({
          type: "data",
          topic: "emulator",
          message: `emulator listening at ${record.endpoint} (pid ${record.pid}, ${traits(record)}); press Ctrl-C to stop`,
          data: { ...record },
        });
      },
      log: launcher
        ? undefined
        : (entry) => {
            const { time, level, message, ...fields } = entry;
            const details = Object.entries(fields).map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
            session.events.emit({ type: "data", topic: "emulator-log", message: [time, level, message, ...details].join(" "), data: entry });
          },
    });
    return { ok: true, summary: `emulator at ${record.endpoint} stopped`, data: { ...record, stopped: true } };
  } catch (error) {
    if (launcher?.connected) launcher.send!({ type: "failed", message: (error as Error).message });
    throw error;
  }
}
