/**
 * What Lambda's execution environments get from the emulator: a working
 * directory (removed on stop) for the runtime files and each environment's
 * code, the Runtime API route, the execution role's temporary credentials,
 * and log streams into CloudWatch Logs.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {
  EnvironmentCredentials,
  EnvironmentHost,
  EnvironmentLogSink,
  EnvironmentSpec,
} from "../../execution/host/environment.js";
import { RuntimeApi } from "../../execution/host/runtime-api.js";
import { prepareRuntimeFiles, type RuntimeFiles } from "../../execution/host/runtime-files.js";
import type { ServiceHub } from "../service.js";
import { assumeExecutionRole, type ExecutionRoleSessions } from "./execution-role.js";
import { FunctionLogStream } from "./function-logs.js";

export class LambdaExecutionHost implements EnvironmentHost {
  readonly runtimeApi: RuntimeApi;
  private workDirectory: Promise<string> | undefined;
  private files: Promise<RuntimeFiles> | undefined;

  constructor(
    private readonly hub: ServiceHub,
    private readonly roleSessions: ExecutionRoleSessions,
  ) {
    this.runtimeApi = new RuntimeApi(hub.routes);
  }

  get clock() {
    return this.hub.clock;
  }

  get random() {
    return this.hub.random;
  }

  get endpoint() {
    return this.hub.endpoint;
  }

  get cpuProfileDir() {
    return this.hub.settings.functionCpuProfileDir;
  }

  runtimeFiles(): Promise<RuntimeFiles> {
    this.files ??= this.workDir().then((directory) => prepareRuntimeFiles(directory));
    return this.files;
  }

  async environmentDirectory(environmentId: string): Promise<string> {
    const directory = join((await this.runtimeFiles()).environmentsDir, environmentId);
    await mkdir(directory, { recursive: true });
    return directory;
  }

  async credentials(spec: EnvironmentSpec): Promise<EnvironmentCredentials> {
    const assumed = await assumeExecutionRole(this.hub, spec);
    return {
      accessKeyId: assumed.accessKeyId,
      secretAccessKey: assumed.secretAccessKey,
      sessionToken: assumed.sessionToken,
      expiresAt: assumed.expiresAt,
      revoke: () => this.hub.credentials.revoke(assumed.accessKeyId),
    };
  }

  openLogStream(spec: EnvironmentSpec, streamName: string): EnvironmentLogSink {
    const accountId = spec.functionArn.split(":")[4]!;
    return new FunctionLogStream(
      this.hub,
      this.roleSessions,
      { accountId, region: spec.region, roleArn: spec.roleArn, functionArn: spec.functionArn, functionName: spec.functionName, logGroupName: spec.logGroupName },
      streamName,
    );
  }

  warn(message: string, fields: Record<string, unknown>): void {
    this.hub.log({ level: "warn", message, service: "lambda", ...fields });
  }

  /** Removes the working directory (after every environment has stopped). */
  async close(): Promise<void> {
    const directory = this.workDirectory;
    this.workDirectory = undefined;
    this.files = undefined;
    if (directory) await rm(await directory, { recursive: true, force: true });
  }

  private workDir(): Promise<string> {
    this.workDirectory ??= mkdtemp(join(tmpdir(), "eda-lambda-"));
    return this.workDirectory;
  }
}
