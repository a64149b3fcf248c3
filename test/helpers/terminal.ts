/**
 * Runs the CLI in a pseudo-terminal, as a user at a terminal runs it: Python's
 * pty module forks it on a terminal of a known size, collects everything it
 * draws, types Ctrl-C when the output first matches each of `interrupts` (in
 * order), and ends with a status line the caller parses.
 */
import { spawn } from "node:child_process";
import { edaArgv, REPO_ROOT } from "./cli.js";

const PTY_DRIVER = String.raw`
import fcntl, json, os, pty, re, select, struct, sys, termios, time
argv, rows, columns, interrupts, limit = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), json.loads(sys.argv[4]), float(sys.argv[5])
pid, fd = pty.fork()
if pid == 0:
    # eda draws spinners and pictures only on a terminal of known width.
    fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    os.execvp(argv[0], argv)
output = b""
pending = [re.compile(p.encode()) for p in interrupts]
deadline = time.monotonic() + limit
while time.monotonic() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.2)
    if ready:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    while pending and pending[0].search(output):
        pending.pop(0)
        os.write(fd, b"\x03")
else:
    os.kill(pid, 9)
_, status = os.waitpid(pid, 0)
sys.stdout.write(output.decode("utf-8", "replace"))
if os.WIFSIGNALED(status):
    sys.stdout.write("\n::status:: signal=%d\n" % os.WTERMSIG(status))
else:
    sys.stdout.write("\n::status:: exit=%d\n" % os.WEXITSTATUS(status))
`;

export interface TerminalOptions {
  env: NodeJS.ProcessEnv;
  rows?: number;
  columns?: number;
  /** Patterns (regular expressions) of output after which Ctrl-C is typed, one Ctrl-C each, in order. */
  interrupts?: string[];
  /** The CLI is killed after this long. */
  limitSeconds?: number;
}

export interface TerminalRun {
  /** Everything the terminal received, control sequences included. */
  raw: string;
  exitCode?: number;
  signal?: number;
}

export function runInTerminal(args: string[], options: TerminalOptions): Promise<TerminalRun> {
  const { env, rows = 40, columns = 100, interrupts = [], limitSeconds = 90 } = options;
  const argv = [process.execPath, ...edaArgv(args)];
  const driverArgs = [JSON.stringify(argv), String(rows), String(columns), JSON.stringify(interrupts), String(limitSeconds)];
  const child = spawn("python3", ["-c", PTY_DRIVER, ...driverArgs], { cwd: REPO_ROOT, env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", () => {
      const status = /::status:: (exit|signal)=(\d+)\s*$/.exec(stdout);
      if (!status) return reject(new Error(`the pty driver ended without a status: ${stderr}`));
      const raw = stdout.slice(0, status.index);
      resolve(status[1] === "exit" ? { raw, exitCode: Number(status[2]) } : { raw, signal: Number(status[2]) });
    });
  });
}
