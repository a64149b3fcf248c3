/**
 * The import rules of docs/architecture.md, checked in CI (`npm run check:layers`).
 * Each rule names the layer boundary it keeps; the document says why.
 */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "Files never import each other in a loop, not even for types: a loop means two files are one.",
      from: {},
      to: { circular: true },
    },
    {
      name: "core-is-not-the-cli",
      severity: "error",
      comment: "src/core works for any front end: it emits events and returns results; only src/cli talks to a terminal.",
      from: { path: "^src/core/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "terminal-libraries-in-cli-only",
      severity: "error",
      comment: "chalk, ora and commander belong to the command line (src/cli and bin/).",
      from: { pathNot: "^(src/cli|bin)/" },
      to: { path: "node_modules/(chalk|ora|commander)/" },
    },
    {
      name: "core-never-imports-the-emulator",
      severity: "error",
      comment: "The CLI's core talks to any endpoint through the AWS SDK; the emulator is one such endpoint, started by src/cli.",
      from: { path: "^src/core/" },
      to: { path: "^src/emulator/" },
    },
    {
      name: "emulator-stands-alone",
      severity: "error",
      comment: "The emulator is a server of its own: it knows nothing of the CLI or its core.",
      from: { path: "^src/emulator/" },
      to: { path: "^src/(cli|core)/" },
    },
    {
      name: "services-below-the-gateway",
      severity: "error",
      comment: "Services see operations and typed inputs, never HTTP or wire formats: they do not import the gateway or the protocols.",
      from: { path: "^src/emulator/services/" },
      to: { path: "^src/emulator/(gateway|protocols)/" },
    },
    {
      name: "services-meet-at-the-front-door",
      severity: "error",
      comment: "One service reaches another only through hub.call (with a principal, through IAM), never through its files; what they share (the service contract, ARNs, queue addresses) lives outside any one service's folder.",
      from: { path: "^src/emulator/services/([^/]+)/" },
      to: { path: "^src/emulator/services/[^/]+/", pathNot: "^src/emulator/services/$1/" },
    },
    {
      name: "protocols-below-the-gateway",
      severity: "error",
      comment: "Codecs translate bytes and shapes for the gateway; of the services they see only the contract (services/service.ts).",
      from: { path: "^src/emulator/protocols/" },
      to: { path: "^src/emulator/(gateway/|services/)", pathNot: "^src/emulator/services/service\\.ts$" },
    },
    {
      name: "policy-engine-is-pure",
      severity: "error",
      comment: "The policy engine evaluates documents it is given; it reads no service state and no HTTP.",
      from: { path: "^src/emulator/policy/" },
      to: { path: "^src/emulator/(gateway|protocols|services|execution)/" },
    },
    {
      name: "function-child-uses-node-only",
      severity: "error",
      comment: "Code that runs inside a function's process (the runtime interface client, the tracing shim) imports only Node built-ins and its own folder.",
      from: { path: "^src/emulator/execution/child/" },
      to: { dependencyTypesNot: ["core"], pathNot: "^src/emulator/execution/child/" },
    },
    {
      name: "function-shim-uses-node-only",
      severity: "error",
      comment: "The tracing shim is bundled into users' functions: Node built-ins and its own folder only.",
      from: { path: "^src/function-shim/" },
      to: { dependencyTypesNot: ["core"], pathNot: "^src/function-shim/" },
    },
    {
      name: "handlers-are-self-contained",
      severity: "error",
      comment: "The built-in consumers run in Lambda: Node built-ins, the runtime's AWS SDK and handlers/ only (\"aws-lambda\" is @types/aws-lambda, types only).",
      from: { path: "^handlers/" },
      to: { dependencyTypesNot: ["core", "type-only"], pathNot: "^(handlers/|node_modules/@aws-sdk/|aws-lambda$)" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".js", ".mjs"] },
    exclude: { path: "\\.d\\.ts$" },
  },
};
