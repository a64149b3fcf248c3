/**
 * setup / status / teardown against moto's server, an AWS emulator eda does
 * not control: the pipeline must provision on it as on AWS. moto's Lambda
 * stores functions and mappings without Docker (it only needs Docker to run
 * them), so every step is exercised. moto does not store a queue's
 * RedriveAllowPolicy, so setup keeps re-applying it there: those repairs are
 * expected and filtered, nothing else may change on a re-run. Its
 * SetQueueAttributes also drops a queue's Policy when it sets another
 * attribute, so a repaired queue gets its policy re-created there.
 */
import { describe } from "node:test";
import { describeInterruptedSetup, describeLifecycle, type TargetGaps } from "../helpers/setup-lifecycle.js";
import { startMoto } from "../helpers/targets.js";

const motoGaps: TargetGaps = {
  unstoredAttributes: [
    { stepId: "dlq:inventory", change: "RedriveAllowPolicy is unset" },
    { stepId: "dlq:audit", change: "RedriveAllowPolicy is unset" },
  ],
  setQueueAttributesDropsPolicy: true,
};

// moto is a required test tool (.ci/run checks for it): a missing moto fails these suites rather than skipping them.
describe("eda setup, status and teardown against moto", () => describeLifecycle(startMoto, motoGaps));

describe("eda setup killed with SIGKILL, against moto", () => describeInterruptedSetup(startMoto, motoGaps));
