/**
 * The examples every command's --help ends with, kept in one place so the
 * command files stay about options and actions. Keyed by the command's path
 * ("" is eda itself). Each example is one line a user can paste.
 */
import type { Command } from "commander";

export const HELP_EXAMPLES: Record<string, string[]> = {
  "": ["eda demo", "eda local start --time-scale 60 && eda setup --local && eda test --local --poison 1", "eda setup --profile dev --region eu-west-1"],
  setup: ["eda setup --local", "eda setup --profile dev --region eu-west-1 --stack my-demo", "eda setup --local --dry-run"],
  status: ["eda status --local", "eda status --profile dev --json"],
  diff: ["eda diff --local", "eda diff --profile dev --region eu-west-1 && echo nothing to change"],
  outputs: ["eda outputs --local", "eda outputs --local --format env", "eda outputs --profile dev --json"],
  teardown: ["eda teardown --local", "eda teardown --stack my-demo --yes", "eda teardown --local --dry-run"],
  test: ["eda test --local", "eda test --local --count 100 --concurrency 32", "eda test --local --poison 2"],
  upload: ["eda upload --local ./photo.jpg", "eda upload --local --prefix reports ./a.csv ./b.csv"],
  send: ["eda send --local 'hello'", "eda send --local '{\"poison\": true}'", "eda send --local --queue audit --no-wait '{\"id\": \"order-42\"}'"],
  tail: ["eda tail --local", "eda tail --local --queue audit --count 10"],
  logs: ["eda logs --local", "eda logs --local --filter ERROR --since 1h", "eda logs --local --follow --queue inventory"],
  dlq: ["eda dlq list --local", "eda dlq redrive --local", "eda dlq purge --local --yes"],
  "dlq list": ["eda dlq list --local", "eda dlq list --local --queue audit --limit 10"],
  "dlq redrive": ["eda dlq redrive --local", "eda dlq redrive --local --queue inventory"],
  "dlq purge": ["eda dlq purge --local", "eda dlq purge --local --queue audit --yes"],
  demo: ["eda demo", "eda demo --json"],
  init: ["eda init my-pipeline", "eda init --template minimal"],
  watch: ["eda watch --local", "eda watch --profile dev"],
  local: ["eda local start --time-scale 60", "eda local status", "eda local stop --yes"],
  "local start": ["eda local start", "eda local start --time-scale 60", "eda local start --port 0 --profile-consistency realistic"],
  "local status": ["eda local status", "eda local status --json"],
  "local stop": ["eda local stop", "eda local stop --yes"],
};

/** Appends "Examples:" to the help of `command` and every command below it that has examples. */
export function attachHelpExamples(command: Command, path = ""): void {
  const examples = HELP_EXAMPLES[path];
  if (examples) command.addHelpText("after", `\nExamples:\n${examples.map((example) => `  $ ${example}`).join("\n")}`);
  for (const sub of command.commands) attachHelpExamples(sub, path === "" ? sub.name() : `${path} ${sub.name()}`);
}

/** The commands below `command` that have no examples: a new command must get some. */
export function commandsWithoutExamples(command: Command, path = ""): string[] {
  return [
    ...(HELP_EXAMPLES[path] ? [] : [path || "eda"]),
    ...command.commands.flatMap((sub) => commandsWithoutExamples(sub, path === "" ? sub.name() : `${path} ${sub.name()}`)),
  ];
}
