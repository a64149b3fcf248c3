/**
 * Endpoints configured the way the AWS CLI and SDKs read them (AWS SDKs and
 * Tools Reference Guide, "Service-specific endpoints"), most specific first:
 *   1. AWS_ENDPOINT_URL_<SERVICE>          (AWS_ENDPOINT_URL_CLOUDWATCH_LOGS)
 *   2. AWS_ENDPOINT_URL
 *   3. the profile's `services` section    ([services NAME] sqs = \n  endpoint_url = ...)
 *   4. the profile's `endpoint_url`
 * all of them ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true or the
 * profile says `ignore_configured_endpoint_urls = true`. An explicit
 * --endpoint-url wins over all (the caller does not ask then). Pure.
 */
import type { AwsClients } from "./context.js";

export type ServiceName = keyof AwsClients;

/** Each client's service identifier: uppercase in the environment variable, lowercase in the services section. */
export const SERVICE_IDS: Record<ServiceName, string> = {
  s3: "s3",
  sns: "sns",
  sqs: "sqs",
  iam: "iam",
  lambda: "lambda",
  logs: "cloudwatch_logs",
  sts: "sts",
};

export interface ConfiguredEndpoint {
  url: string;
  /** Where it was configured, for messages: "AWS_ENDPOINT_URL_SQS", "profile loc". */
  source: string;
}

export type ConfigSections = Record<string, Record<string, string | undefined> | undefined>;

/** The endpoint configured for each service; a service without one goes to AWS. */
export function configuredEndpoints(env: NodeJS.ProcessEnv, configFile: ConfigSections, profileName: string): Partial<Record<ServiceName, ConfiguredEndpoint>> {
  const profile = configFile[profileName] ?? {};
  if (isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) || isTrue(profile.ignore_configured_endpoint_urls)) return {};
  const servicesSection = nonEmpty(profile.services) === undefined ? undefined : configFile[`services.${profile.services!.trim()}`];
  const configured: Partial<Record<ServiceName, ConfiguredEndpoint>> = {};
  for (const [service, id] of Object.entries(SERVICE_IDS) as [ServiceName, string][]) {
    const envName = `AWS_ENDPOINT_URL_${id.toUpperCase()}`;
    const candidates: [string | undefined, string][] = [
      [env[envName], envName],
      [env.AWS_ENDPOINT_URL, "AWS_ENDPOINT_URL"],
      [servicesSection?.[`${id}.endpoint_url`], `the services section "${profile.services?.trim()}" of profile ${profileName}`],
      [profile.endpoint_url, `profile ${profileName}`],
    ];
    const found = candidates.find(([url]) => nonEmpty(url) !== undefined);
    if (found) configured[service] = { url: found[0]!.trim(), source: found[1] };
  }
  return configured;
}

function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === "true";
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** Where a target's requests go: one endpoint for every service, or some services each to their own. */
export interface TargetEndpoints {
  endpoint?: string;
  serviceEndpoints?: Partial<Record<ServiceName, string>>;
}

/** Every distinct endpoint the target's requests go to (none for AWS itself). */
export function endpointsOf(target: TargetEndpoints): string[] {
  return [...new Set([...(target.endpoint ? [target.endpoint] : []), ...Object.values(target.serviceEndpoints ?? {})])];
}

/** --endpoint-url, else the configured endpoints; each checked to be a usable URL. */
export function targetEndpoints(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv,
  configFile: ConfigSections,
  profileName: string,
  validate: (url: string) => string,
): TargetEndpoints {
  if (explicit !== undefined) return { endpoint: validate(explicit) };
  const configured = Object.entries(configuredEndpoints(env, configFile, profileName)) as [ServiceName, ConfiguredEndpoint][];
  if (configured.length === 0) return {};
  const urls = new Set(configured.map(([, { url }]) => validate(url)));
  if (configured.length === Object.keys(SERVICE_IDS).length && urls.size === 1) return { endpoint: [...urls][0]! };
  return { serviceEndpoints: Object.fromEntries(configured.map(([service, { url }]) => [service, validate(url)])) };
}
