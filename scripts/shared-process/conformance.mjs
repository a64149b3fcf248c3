// The conformance suites the runner selected, together in this one process (see ../run-tests.mjs).
import { runGroup } from "./run-group.mjs";

await runGroup("conformance");
