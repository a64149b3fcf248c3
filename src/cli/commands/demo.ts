/**
 * `eda demo`: the whole story on a private embedded emulator (no account,
 * no Docker, no network, no `eda local start` needed), its queue time 60x
 * faster: start it, set up the pipeline, prove it with eda test (one object
 * poisoned), cure and redrive that object, tear it down, stop the emulator.
 */
import type { Command } from "commander";
import { globalOptionsOf } from "../global-options.js";
import { runCliCommand } from "../run-command.js";

export function register(program: Command): void {
  program
    .command("demo")
    .description("run setup, test (one object poisoned), redrive and teardown on a private embedded emulator in one go and show what happened at each step")
    .action((_options: object, command: Command) => {
      const globals = globalOptionsOf(command);
      return runCliCommand(globals, async (session) => {
        const { systemCoreClock } = await import("../../core/context.js");
        const startedAt = systemCoreClock.now();
        const { UsageError } = await import("../../core/errors.js");
        if (globals.endpointUrl) throw new UsageError("eda demo always runs on its own embedded emulator: drop --endpoint-url (or run eda setup, test and teardown against that endpoint)");
        const { validateRegion, validateStackName } = await import("../../core/preflight.js");
        const { LOCAL_DEFAULT_REGION } = await import("../context-factory.js");
        const stack = validateStackName(globals.stack);
        const region = validateRegion(globals.region ?? LOCAL_DEFAULT_REGION);
        const { createAwsClients, destroyAwsClients, LOCAL_CREDENTIALS } = await import("../../core/clients.js");
        const { startEmulator } = await import("../../emulator/emulator.js");
        const { DEMO_STEP_COUNT, DEMO_TIME_SCALE, runDemo } = await import("../../core/demo/demo.js");
        const { BUILTIN_CONSUMER_SPECS } = await import("../../core/stack/config.js");
        const { formatMs } = await import("../../core/test/test-summary.js");

        session.io.print(
          `step 1/${DEMO_STEP_COUNT}: start eda's embedded emulator (AWS APIs on this machine, on a free port; queue time ${DEMO_TIME_SCALE}x faster, so dead-lettering takes seconds)`,
        );
        const emulator = await startEmulator({ port: 0, host: "127.0.0.1", timeScale: DEMO_TIME_SCALE });
        const startMs = systemCoreClock.now() - startedAt;
        session.io.print(`✔ emulator: listening at ${emulator.endpoint} (${formatMs(startMs)})`);
        const target = { region, endpoint: emulator.endpoint, local: true, timeScale: DEMO_TIME_SCALE };
        const clients = createAwsClients(target, LOCAL_CREDENTIALS);
        try {
          return await runDemo(
            { stack, consumers: BUILTIN_CONSUMER_SPECS, target, clients, events: session.events, signal: session.signal, clock: systemCoreClock },
            {
              print: (line) => session.io.print(line),
              startedAt,
              earlierSteps: [{ step: "emulator", ok: true, summary: `listening at ${emulator.endpoint}`, durationMs: startMs }],
            },
          );
        } finally {
          destroyAwsClients(clients);
          await emulator.stop();
        }
      });
    });
}
