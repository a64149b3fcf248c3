/**
 * A function's configuration as CreateFunction and UpdateFunctionConfiguration
 * accept it, validated with Lambda's rules and wording: runtimes AWS still
 * lets you create (nodejs20.x, nodejs22.x, nodejs24.x, which is what this
 * emulator can run), timeout, memory, environment variables and their
 * reserved names and 4 KB limit, architectures, logging.
 */
import {
  Runtime,
  type ApplicationLogLevel,
  type CreateFunctionCommandInput,
  type FunctionConfiguration,
  type SystemLogLevel,
  type UpdateFunctionConfigurationCommandInput,
} from "@aws-sdk/client-lambda";
import { invalidParameter, validationError } from "./errors.js";

export const SUPPORTED_RUNTIMES = ["nodejs20.x", "nodejs22.x", "nodejs24.x"] as const;
export type SupportedRuntime = (typeof SUPPORTED_RUNTIMES)[number];

/** Node.js runtimes Lambda no longer lets anyone create or update. */
const RETIRED_NODE_RUNTIMES = new Set(["nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x", "nodejs18.x"]);

/**
 * Keys Lambda sets itself and refuses in a function's configuration. TZ is
 * listed as reserved in places but accepted in practice, so it is allowed.
 */
const RESERVED_VARIABLES = [
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_DEFAULT_REGION",
  "AWS_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API",
  "LAMBDA_TASK_ROOT",
  "LAMBDA_RUNTIME_DIR",
];
const VARIABLE_NAME = /^[a-zA-Z]([a-zA-Z0-9_])+$/;
const MAX_VARIABLES_BYTES = 4096;
const ROLE_ARN = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
const LOG_GROUP_NAME = /^[\.\-_/#A-Za-z0-9]+$/;
const LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
const SYSTEM_LOG_LEVELS = ["DEBUG", "INFO", "WARN"];

export interface ResolvedLoggingConfig {
  LogFormat: "Text" | "JSON";
  LogGroup: string;
  ApplicationLogLevel?: ApplicationLogLevel;
  SystemLogLevel?: SystemLogLevel;
}

export interface FunctionSettings {
  runtime: SupportedRuntime;
  role: string;
  handler: string;
  description: string;
  timeout: number;
  memorySize: number;
  variables: Record<string, string> | undefined;
  architecture: "x86_64" | "arm64";
  logging: ResolvedLoggingConfig;
  ephemeralStorageMb: number;
  tracingMode: "PassThrough" | "Active";
}

export function settingsForCreate(name: string, input: CreateFunctionCommandInput): FunctionSettings {
  if (input.PackageType === "Image") {
    throw invalidParameter("The eda emulator runs Zip deployment packages only (PackageType Zip with Code.ZipFile).");
  }
  if (!input.Runtime || !input.Handler) {
    throw invalidParameter("Runtime and Handler are mandatory parameters for functions created with deployment packages.");
  }
  return {
    runtime: validRuntime(input.Runtime),
    role: validRole(input.Role),
    handler: validHandler(input.Handler),
    description: validDescription(input.Description ?? ""),
    timeout: validTimeout(input.Timeout ?? 3),
    memorySize: validMemorySize(input.MemorySize ?? 128),
    variables: validVariables(input.Environment?.Variables),
    architecture: validArchitectures(input.Architectures),
    logging: validLogging(name, input.LoggingConfig, undefined),
    ephemeralStorageMb: validEphemeralStorage(input.EphemeralStorage?.Size ?? 512),
    tracingMode: input.TracingConfig?.Mode === "Active" ? "Active" : "PassThrough",
  };
}

export function settingsForUpdate(name: string, current: FunctionSettings, input: UpdateFunctionConfigurationCommandInput): FunctionSettings {
  if (input.Layers !== undefined && input.Layers.length > 0) throw invalidParameter("The eda emulator does not provide Lambda layers.");
  return {
    runtime: input.Runtime !== undefined ? validRuntime(input.Runtime) : current.runtime,
    role: input.Role !== undefined ? validRole(input.Role) : current.role,
    handler: input.Handler !== undefined ? validHandler(input.Handler) : current.handler,
    description: input.Description !== undefined ? validDescription(input.Description) : current.description,
    timeout: input.Timeout !== undefined ? validTimeout(input.Timeout) : current.timeout,
    memorySize: input.MemorySize !== undefined ? validMemorySize(input.MemorySize) : current.memorySize,
    // Environment replaces the whole set of variables.
    variables: input.Environment !== undefined ? validVariables(input.Environment.Variables) : current.variables,
    architecture: current.architecture,
    logging: input.LoggingConfig !== undefined ? validLogging(name, input.LoggingConfig, current.logging) : current.logging,
    ephemeralStorageMb: input.EphemeralStorage?.Size !== undefined ? validEphemeralStorage(input.EphemeralStorage.Size) : current.ephemeralStorageMb,
    tracingMode: input.TracingConfig?.Mode !== undefined ? (input.TracingConfig.Mode === "Active" ? "Active" : "PassThrough") : current.tracingMode,
  };
}

/** The configuration members these settings contribute to FunctionConfiguration. */
export function settingsConfiguration(settings: FunctionSettings): FunctionConfiguration {
  return {
    Runtime: settings.runtime,
    Role: settings.role,
    Handler: settings.handler,
    Description: settings.description,
    Timeout: settings.timeout,
    MemorySize: settings.memorySize,
    ...(settings.variables !== undefined ? { Environment: { Variables: { ...settings.variables } } } : {}),
    TracingConfig: { Mode: settings.tracingMode },
    Architectures: [settings.architecture],
    EphemeralStorage: { Size: settings.ephemeralStorageMb },
    LoggingConfig: { ...settings.logging },
  };
}

function validRuntime(runtime: string): SupportedRuntime {
  if ((SUPPORTED_RUNTIMES as readonly string[]).includes(runtime)) return runtime as SupportedRuntime;
  const known = Object.values(Runtime) as string[];
  if (!known.includes(runtime)) {
    throw validationError("runtime", runtime, `Member must satisfy enum value set: [${known.join(", ")}]`);
  }
  if (RETIRED_NODE_RUNTIMES.has(runtime)) {
    throw invalidParameter(
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
    );
  }
  throw invalidParameter(
    `The runtime parameter of ${runtime} is not supported by the eda emulator, which runs Node.js functions: use ${SUPPORTED_RUNTIMES.join(", ")}.`,
  );
}

function validRole(role: string | undefined): string {
  if (!role || !ROLE_ARN.test(role)) {
    throw validationError("role", role ?? "null", "Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
  }
  return role;
}

function validHandler(handler: string): string {
  if (handler.length > 128) throw validationError("handler", handler, "Member must have length less than or equal to 128");
  if (!/^[^\s]+$/.test(handler)) throw validationError("handler", handler, "Member must satisfy regular expression pattern: [^\\s]+");
  return handler;
}

function validDescription(description: string): string {
  if (description.length > 256) throw validationError("description", description, "Member must have length less than or equal to 256");
  return description;
}

function validTimeout(timeout: number): number {
  if (timeout < 1) throw validationError("timeout", timeout, "Member must have value greater than or equal to 1");
  if (timeout > 900) throw validationError("timeout", timeout, "Member must have value less than or equal to 900");
  return timeout;
}

function validMemorySize(memorySize: number): number {
  if (memorySize < 128) throw validationError("memorySize", memorySize, "Member must have value greater than or equal to 128");
  // The model allows up to 32,768 MB; accounts get 10,240 MB.
  if (memorySize > 10240) throw invalidParameter("'MemorySize' value failed to satisfy constraint: Member must have value less than or equal to 10240");
  return memorySize;
}

function validVariables(variables: Record<string, string> | undefined): Record<string, string> | undefined {
  if (variables === undefined) return undefined;
  for (const key of Object.keys(variables)) {
    if (!VARIABLE_NAME.test(key)) {
      throw validationError(
        "environment.variables",
        "[sensitive]",
        "Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]",
      );
    }
  }
  const reserved = Object.keys(variables).filter((key) => RESERVED_VARIABLES.includes(key));
  if (reserved.length > 0) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(", ")}`,
    );
  }
  const measured = JSON.stringify(variables);
  if (Buffer.byteLength(measured) > MAX_VARIABLES_BYTES) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
    );
  }
  return { ...variables };
}

function validArchitectures(architectures: string[] | undefined): "x86_64" | "arm64" {
  if (architectures === undefined || architectures.length === 0) return "x86_64";
  if (architectures.length > 1) throw validationError("architectures", architectures, "Member must have length less than or equal to 1");
  const [architecture] = architectures;
  if (architecture !== "x86_64" && architecture !== "arm64") {
    throw validationError("architectures", architectures, "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]");
  }
  return architecture;
}

function validEphemeralStorage(size: number): number {
  if (size < 512 || size > 10240) {
    throw validationError("ephemeralStorage.size", size, `Member must have value ${size < 512 ? "greater than or equal to 512" : "less than or equal to 10240"}`);
  }
  return size;
}

function validLogging(
  name: string,
  config: { LogFormat?: string; LogGroup?: string; ApplicationLogLevel?: string; SystemLogLevel?: string } | undefined,
  current: ResolvedLoggingConfig | undefined,
): ResolvedLoggingConfig {
  const format = config?.LogFormat ?? current?.LogFormat ?? "Text";
  if (format !== "Text" && format !== "JSON") {
    throw validationError("loggingConfig.logFormat", format, "Member must satisfy enum value set: [JSON, Text]");
  }
  const logGroup = config?.LogGroup ?? current?.LogGroup ?? `/aws/lambda/${name}`;
  if (logGroup.length > 512 || !LOG_GROUP_NAME.test(logGroup)) {
    throw validationError("loggingConfig.logGroup", logGroup, "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");
  }
  if (format === "Text") {
    if (config?.ApplicationLogLevel !== undefined || config?.SystemLogLevel !== undefined) {
      // Wording unconfirmed: log levels need the JSON log format.
      throw invalidParameter("ApplicationLogLevel and SystemLogLevel can only be set when LogFormat is JSON.");
    }
    return { LogFormat: "Text", LogGroup: logGroup };
  }
  const applicationLogLevel = config?.ApplicationLogLevel ?? current?.ApplicationLogLevel ?? "INFO";
  const systemLogLevel = config?.SystemLogLevel ?? current?.SystemLogLevel ?? "INFO";
  if (!LOG_LEVELS.includes(applicationLogLevel)) {
    throw validationError("loggingConfig.applicationLogLevel", applicationLogLevel, `Member must satisfy enum value set: [${LOG_LEVELS.join(", ")}]`);
  }
  if (!SYSTEM_LOG_LEVELS.includes(systemLogLevel)) {
    throw validationError("loggingConfig.systemLogLevel", systemLogLevel, `Member must satisfy enum value set: [${SYSTEM_LOG_LEVELS.join(", ")}]`);
  }
  return {
    LogFormat: "JSON",
    LogGroup: logGroup,
    ApplicationLogLevel: applicationLogLevel as ApplicationLogLevel,
    SystemLogLevel: systemLogLevel as SystemLogLevel,
  };
}
